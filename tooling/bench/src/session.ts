/**
 * What `pnpm bench` and `pnpm bench --browser` share around their measurements: running the plan
 * (each measurement with the machine's limit at its thread count, an implementation that cannot
 * run reported once), and printing and writing the results.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, relative } from 'node:path'
import { nodeFmaPeak } from './fmaPeak'
import type { Measurement } from './measurement'
import type { PlanEntry } from './plan'
import { figureOf, formatFigure, formatTable, withLimitShares, withRatios } from './report'

export function log(message: string): void {
  process.stderr.write(`${message}\n`)
}

/** The machine's FMA limit in GFLOPS on `threads` threads at once, or null where unknown. */
export type LimitProbe = (threads: number) => Promise<number | null>

const nodeLimit: LimitProbe = (threads) => nodeFmaPeak(threads, 10_000_000)

/**
 * Measures every entry of `plan` in turn with `measure`, logging progress (`where` follows the
 * entry's name, e.g. ` (chromium)`). Around each one it measures the machine's FMA limit at the
 * entry's thread count, before and after, and keeps the higher: other tenants of a shared host
 * move it between runs, and a probe that met a busy moment (one core's worth for two threads)
 * would otherwise put a figure above its own limit.
 */
export async function runPlan(
  plan: readonly PlanEntry[],
  measure: (entry: PlanEntry) => Promise<Measurement>,
  where = '',
  limitOf: LimitProbe = nodeLimit,
): Promise<Measurement[]> {
  const results: Measurement[] = []
  // An implementation that cannot run (not built, no threads option, a variant the backend
  // lacks) is reported once, not per workload.
  const unusable = new Set<string>()
  for (const [i, entry] of plan.entries()) {
    if (unusable.has(entry.spec.id)) continue
    log(`[${i + 1}/${plan.length}] ${entry.workload.name} on ${entry.spec.id}${where} ...`)
    const started = Date.now()
    const threads = entry.spec.threads ?? 1
    const before = await limitOf(threads)
    const measured = await measure(entry)
    const after = await limitOf(threads)
    const limit = before === null || after === null ? null : Math.max(before, after)
    const m = { ...measured, fma_limit_gflops: limit === null ? null : Math.round(limit * 10) / 10 }
    log(
      `[${i + 1}/${plan.length}]   ${describe(m)} (${((Date.now() - started) / 1000).toFixed(0)} s wall)`,
    )
    if (m.status === 'skipped') {
      unusable.add(entry.spec.id)
      results.push({ ...m, workload: '*', kind: null })
    } else {
      results.push(m)
    }
  }
  return results
}

/**
 * Adds the ratios and limit shares, writes the JSON lines to `out`, and prints `title`, the
 * table and the JSON lines.
 */
export function reportResults(results: readonly Measurement[], out: string, title: string): void {
  const final = withLimitShares(withRatios(results))
  const lines = final.map((m) => JSON.stringify(m))
  mkdirSync(dirname(out), { recursive: true })
  writeFileSync(out, `${lines.join('\n')}\n`)
  console.log(`\n${title}\n`)
  console.log(formatTable(final))
  console.log('\nJSON lines:')
  for (const line of lines) console.log(line)
  console.log(`\nwritten to ${relative(process.cwd(), out) || out}`)
  const errors = final.filter((m) => m.status === 'error').length
  if (errors > 0) log(`bench: ${errors} measurement(s) failed; see the note fields`)
}

/** One measurement in a line: its figure, build, and for training how far it got. */
function describe(m: Measurement): string {
  const f = figureOf(m)
  if (!f) return `${m.status}: ${m.note ?? ''}`
  const parts = [formatFigure(f)]
  if (m.simd) parts.push(m.simd)
  if (m.kind === 'mlp' || m.kind === 'cnn') {
    parts.push(
      m.epoch_complete
        ? `full epoch in ${m.seconds?.toFixed(1)} s`
        : `${Math.round((m.epoch_fraction ?? 0) * 100)}% of an epoch in ${m.seconds?.toFixed(1)} s`,
    )
    if (m.test_accuracy !== null && m.test_accuracy !== undefined)
      parts.push(`test acc ${m.test_accuracy.toFixed(4)}`)
    parts.push(`first loss ${m.first_loss?.toFixed(4)}`)
  }
  return parts.join(', ')
}
