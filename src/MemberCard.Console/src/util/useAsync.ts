// Loading / error / data for one API call, so every page shows the same three states.
import { ref, type Ref } from 'vue'

export interface AsyncState<T> {
  data: Ref<T | null>
  loading: Ref<boolean>
  error: Ref<unknown>
  run: () => Promise<T | null>
}

export function useAsync<T>(load: () => Promise<T>): AsyncState<T> {
  const data = ref<T | null>(null) as Ref<T | null>
  const loading = ref(false)
  const error = ref<unknown>(null)
  let generation = 0
  const run = async (): Promise<T | null> => {
    const mine = ++generation
    loading.value = true
    error.value = null
    try {
      const result = await load()
      if (mine === generation) data.value = result
      return result
    } catch (e) {
      if (mine === generation) error.value = e
      return null
    } finally {
      if (mine === generation) loading.value = false
    }
  }
  return { data, loading, error, run }
}

/** Runs `action` unless it is already running: a second click while the first is in flight does nothing. */
export function useSingleFlight<A extends unknown[], R>(action: (...args: A) => Promise<R>) {
  const busy = ref(false)
  const run = async (...args: A): Promise<R | undefined> => {
    if (busy.value) return undefined
    busy.value = true
    try {
      return await action(...args)
    } finally {
      busy.value = false
    }
  }
  return { busy, run }
}
