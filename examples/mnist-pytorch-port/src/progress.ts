/**
 * A small stand-in for tqdm: on a terminal, one line redrawn in place (`epoch 1: 45%|████ |
 * 423/938 [3.1s, loss=0.3124]`); elsewhere (CI, a pipe), one line per epoch when it closes.
 */
export class ProgressBar {
  private done = 0
  private postfix = ''
  private readonly start = performance.now()

  constructor(
    private readonly total: number,
    private readonly desc: string,
    private readonly stream = process.stderr,
  ) {}

  /** One step done; `postfix` is shown after the bar, like tqdm's `set_postfix`. */
  update(postfix: Record<string, number> = {}): void {
    this.done++
    this.postfix = Object.entries(postfix)
      .map(([k, v]) => `${k}=${v.toFixed(4)}`)
      .join(', ')
    if (this.stream.isTTY) this.stream.write(`\r${this.line()}`)
  }

  close(): void {
    this.stream.write(this.stream.isTTY ? '\n' : `${this.line()}\n`)
  }

  private line(): string {
    const fraction = this.total > 0 ? this.done / this.total : 1
    const width = 20
    const bar = '█'.repeat(Math.round(fraction * width)).padEnd(width)
    const seconds = ((performance.now() - this.start) / 1000).toFixed(1)
    const pct = `${Math.round(fraction * 100)}`.padStart(3)
    return `${this.desc}: ${pct}%|${bar}| ${this.done}/${this.total} [${seconds}s, ${this.postfix}]`
  }
}
