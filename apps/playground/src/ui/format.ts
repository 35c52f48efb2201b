/** "1m 05s", "2h 03m", "12s"; "–" when unknown. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–'
  const s = Math.round(seconds)
  if (s < 60) return `${s}s`
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`
}

/** "12,345". */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US')
}

/** "93.41%". */
export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(2)}%`
}

/** Reads a positive integer URL parameter (the `train`/`test` slices); undefined when absent. */
export function positiveIntParam(params: URLSearchParams, name: string): number | undefined {
  const text = params.get(name)
  if (text === null) return undefined
  const n = Number(text)
  if (!Number.isInteger(n) || n <= 0)
    throw new Error(`URL parameter '${name}': expected a positive integer, got '${text}'`)
  return n
}
