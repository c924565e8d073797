/** An instant the API answers (UTC, ISO 8601) in the browser's time zone and locale. */
export const localTime = (iso: string): string => new Date(iso).toLocaleString()
