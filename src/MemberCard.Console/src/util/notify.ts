import { ElMessage } from 'element-plus'
import 'element-plus/es/components/message/style/css'
import { ApiError } from '../api/client'

export function success(message: string): void {
  ElMessage({ type: 'success', message, showClose: true })
}

/** A toast for an API error: message and code. */
export function failure(error: unknown): void {
  const text = error instanceof ApiError ? `${error.message} (${error.code})` : error instanceof Error ? error.message : String(error)
  ElMessage({ type: 'error', message: text, showClose: true, duration: 6000 })
}
