import type { ChildResult } from './measurement'
import type { ImplSpec } from './plan'

/** What the parent sends a child: one implementation, one workload. */
export interface ChildTask {
  spec: ImplSpec
  workload: string
  mode: 'quick' | 'full'
  budgetSeconds: number
  source: boolean
}

/** What the child answers: a result, or why there is none (`skip` when the backend is not usable). */
export type ChildReport =
  | { ok: true; result: ChildResult & { library_version: string; note?: string } }
  | { ok: false; skip: boolean; message: string; stack?: string }

/** The child's answer is the stdout line starting with this (libraries print other things). */
export const RESULT_MARKER = 'BENCH_RESULT '

/** The report in a child's stdout, or null when it printed none. */
export function parseChildOutput(stdout: string): ChildReport | null {
  const line = stdout
    .split('\n')
    .reverse()
    .find((l) => l.startsWith(RESULT_MARKER))
  return line ? (JSON.parse(line.slice(RESULT_MARKER.length)) as ChildReport) : null
}
