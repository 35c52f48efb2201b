/**
 * The live charts, drawn by uPlot: training loss per step (one colour per backend, so a switch
 * shows where the curve moved) with a smoothed curve, and test accuracy per evaluation.
 */
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import type { StepPoint } from '../protocol'
import { LossHistory } from './lossHistory'

const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2']
const HEIGHT = 220

function width(container: HTMLElement): number {
  return Math.max(280, container.clientWidth)
}

/**
 * Calls `resize` with the container's new width after layout, in the next frame: resizing the
 * chart inside the observer's callback would change the layout it reports on, which browsers
 * flag as a "ResizeObserver loop" error.
 */
function onWidthChange(container: HTMLElement, resize: (width: number) => void): void {
  let last = width(container)
  new ResizeObserver(() =>
    requestAnimationFrame(() => {
      const now = width(container)
      if (now === last) return
      last = now
      resize(now)
    }),
  ).observe(container)
}

/** Redraws at most once per animation frame, however many updates arrive. */
function throttled(draw: () => void): () => void {
  let queued = false
  return () => {
    if (queued) return
    queued = true
    requestAnimationFrame(() => {
      queued = false
      draw()
    })
  }
}

export class LossChart {
  readonly history = new LossHistory()
  private plot: uPlot
  private backends: string[] = []
  private readonly redraw = throttled(() => this.draw())

  constructor(private readonly container: HTMLElement) {
    this.plot = this.create()
    onWidthChange(container, (w) => this.plot.setSize({ width: w, height: HEIGHT }))
  }

  add(points: StepPoint[]): void {
    this.history.add(points)
    this.redraw()
  }

  clear(): void {
    this.history.clear()
    this.draw()
  }

  private create(): uPlot {
    const series: uPlot.Series[] = [
      { label: 'step' },
      ...this.backends.map((name, i) => ({
        label: `loss (${name})`,
        stroke: COLORS[i % COLORS.length] + '66',
        width: 1,
        points: { show: false },
      })),
      { label: 'smoothed', stroke: '#111827', width: 2, points: { show: false } },
    ]
    const plot = new uPlot(
      {
        width: width(this.container),
        height: HEIGHT,
        scales: { x: { time: false } },
        axes: [{ label: 'step' }, { label: 'cross-entropy' }],
        legend: { live: false },
        series,
      },
      this.history.columns(this.backends),
      this.container,
    )
    return plot
  }

  private draw(): void {
    const names = this.history.backends()
    if (names.join('\n') !== this.backends.join('\n')) {
      this.backends = names
      this.plot.destroy()
      this.plot = this.create()
      return
    }
    this.plot.setData(this.history.columns(this.backends))
  }
}

export class AccuracyChart {
  private steps: number[] = []
  private accuracy: number[] = []
  private readonly plot: uPlot
  private readonly redraw = throttled(() => this.plot.setData([this.steps, this.accuracy]))

  constructor(container: HTMLElement) {
    this.plot = new uPlot(
      {
        width: width(container),
        height: HEIGHT,
        scales: { x: { time: false }, y: { range: [0, 1] } },
        axes: [{ label: 'step' }, { label: 'test accuracy' }],
        legend: { live: false },
        series: [
          { label: 'step' },
          { label: 'test accuracy', stroke: COLORS[2], width: 2, points: { show: true, size: 5 } },
        ],
      },
      [[], []],
      container,
    )
    onWidthChange(container, (w) => this.plot.setSize({ width: w, height: HEIGHT }))
  }

  add(step: number, accuracy: number): void {
    // A re-evaluation of the same step (on pause) replaces the point.
    if (this.steps[this.steps.length - 1] === step)
      this.accuracy[this.accuracy.length - 1] = accuracy
    else {
      this.steps.push(step)
      this.accuracy.push(accuracy)
    }
    this.redraw()
  }

  clear(): void {
    this.steps = []
    this.accuracy = []
    this.plot.setData([[], []])
  }
}
