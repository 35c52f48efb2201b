import { readdirSync, readFileSync } from 'node:fs'

/** The parent pid in a `/proc/<pid>/stat` line (the field after the parenthesised name). */
export function parentPid(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return Number(fields[1])
}

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return null
  }
}

/**
 * Resident bytes of the largest renderer process under the browser process `rootPid`, from
 * /proc: the page's (its workers are threads of it). Chromium keeps an about:blank renderer and a
 * spare one beside it, much smaller, which are left out. Null where there is no /proc or no
 * renderer yet.
 */
export function rendererRss(rootPid: number): number | null {
  let pids: number[]
  try {
    pids = readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .map(Number)
  } catch {
    return null
  }
  const parent = new Map<number, number>()
  for (const pid of pids) {
    const stat = read(`/proc/${pid}/stat`)
    if (stat) parent.set(pid, parentPid(stat))
  }
  const under = (pid: number): boolean => {
    for (let p = parent.get(pid), hops = 0; p !== undefined && hops < 8; p = parent.get(p), hops++)
      if (p === rootPid) return true
    return false
  }
  const pageSize = 4096
  let largest: number | null = null
  for (const pid of pids) {
    if (!under(pid)) continue
    const cmdline = read(`/proc/${pid}/cmdline`)
    if (!cmdline?.includes('--type=renderer')) continue
    const statm = read(`/proc/${pid}/statm`)
    if (!statm) continue
    largest = Math.max(largest ?? 0, Number(statm.split(' ')[1]) * pageSize)
  }
  return largest
}

/** Samples `rendererRss(rootPid)` every `intervalMs` until stopped; `peak()` is the maximum. */
export class RendererMemorySampler {
  private max: number | null = null
  private readonly timer: NodeJS.Timeout

  constructor(
    private readonly rootPid: number,
    intervalMs = 500,
  ) {
    this.timer = setInterval(() => this.sample(), intervalMs)
    this.timer.unref()
  }

  sample(): void {
    const rss = rendererRss(this.rootPid)
    if (rss !== null) this.max = Math.max(this.max ?? 0, rss)
  }

  /** Stops sampling (after a last sample) and returns the peak seen. */
  stop(): number | null {
    clearInterval(this.timer)
    this.sample()
    return this.max
  }
}
