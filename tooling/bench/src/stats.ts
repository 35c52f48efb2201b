/** Summaries of repeated timings. */

export interface TimingSummary {
  reps: number
  /** Seconds. */
  median: number
  min: number
  mean: number
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median: no values')
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

export function summarize(seconds: readonly number[]): TimingSummary {
  if (seconds.length === 0) throw new Error('summarize: no timings')
  return {
    reps: seconds.length,
    median: median(seconds),
    min: Math.min(...seconds),
    mean: seconds.reduce((a, b) => a + b, 0) / seconds.length,
  }
}

/** Float32 N×N @ N×N takes 2N³ flops (a multiply and an add per term). */
export function matmulGflops(n: number, seconds: number): number {
  return (2 * n ** 3) / seconds / 1e9
}

/**
 * When a timing loop may stop: at least `minSeconds` spent and either `minReps` done or
 * `maxSeconds` spent (one 30 s repetition is enough; three 1 ms ones are not).
 */
export function enoughReps(
  reps: number,
  spentSeconds: number,
  budget: { minReps: number; minSeconds: number; maxSeconds: number },
): boolean {
  if (reps === 0) return false
  if (spentSeconds < budget.minSeconds) return false
  return reps >= budget.minReps || spentSeconds >= budget.maxSeconds
}
