/** A one-line live progress bar on a TTY: samples/s and running loss. */
export class ProgressBar {
  private lastDraw = 0

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream | undefined,
  ) {}

  update(done: number, samplesPerSecond: number, runningLoss: number): void {
    if (!this.stream?.isTTY) return
    const now = Date.now()
    if (now - this.lastDraw < 100 && done < this.total) return
    this.lastDraw = now
    const width = 30
    const filled = Math.round((done / this.total) * width)
    const bar = '█'.repeat(filled) + '░'.repeat(width - filled)
    const pct = ((done / this.total) * 100).toFixed(0).padStart(3)
    this.stream.write(
      `\r${this.label} ${bar} ${pct}%  ${Math.round(samplesPerSecond).toLocaleString('en-US')} samples/s  loss ${runningLoss.toFixed(4)}   `,
    )
  }

  clear(): void {
    if (this.stream?.isTTY) this.stream.write('\r\x1b[2K')
  }
}
