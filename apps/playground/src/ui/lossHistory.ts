import type { StepPoint } from '../protocol'

const SMOOTHING = 0.9

/**
 * Every step's loss with the backend that ran it, and the chart's columns: one per backend
 * (null where another backend ran the step) and a smoothed curve: an exponential moving average
 * (weight 0.9 on the past) divided by its weights' sum, so it does not start at zero or lag
 * behind the first steps.
 */
export class LossHistory {
  private points: StepPoint[] = []
  private means: number[] = []
  private average = 0
  private weight = 0

  add(points: readonly StepPoint[]): void {
    for (const p of points) {
      this.average = SMOOTHING * this.average + (1 - SMOOTHING) * p.loss
      this.weight = SMOOTHING * this.weight + (1 - SMOOTHING)
      this.means.push(this.average / this.weight)
      this.points.push(p)
    }
  }

  clear(): void {
    this.points = []
    this.means = []
    this.average = 0
    this.weight = 0
  }

  /** Every point so far, in order. */
  all(): readonly StepPoint[] {
    return this.points
  }

  /** The backends in the order they first ran a step. */
  backends(): string[] {
    const seen: string[] = []
    for (const p of this.points) if (!seen.includes(p.backend)) seen.push(p.backend)
    return seen
  }

  /** `[steps, loss on backends[0], ..., smoothed loss]`, as uPlot takes them. */
  columns(backends: readonly string[]): [number[], ...(number | null)[][]] {
    const steps = this.points.map((p) => p.step)
    const perBackend = backends.map((name) =>
      this.points.map((p) => (p.backend === name ? p.loss : null)),
    )
    return [steps, ...perBackend, [...this.means]]
  }
}
