import type { ChildResult, Measurement } from './measurement'
import { findWorkload, mlpFlopsPerSample } from './workloads'

/** The figure a measurement is judged by, and which way is better. */
export interface Figure {
  key: 'samples_per_s' | 'gflops' | 'us_per_op'
  value: number
  higherIsBetter: boolean
}

export function figureOf(m: Measurement): Figure | null {
  if (m.status !== 'ok') return null
  if (m.samples_per_s !== undefined)
    return { key: 'samples_per_s', value: m.samples_per_s, higherIsBetter: true }
  if (m.gflops !== undefined) return { key: 'gflops', value: m.gflops, higherIsBetter: true }
  if (m.us_per_op !== undefined)
    return { key: 'us_per_op', value: m.us_per_op, higherIsBetter: false }
  return null
}

/**
 * Sets `effective_gflops` on MLP rows and `of_fma_limit` on matmul, conv and MLP rows that carry
 * the machine's limit (`fma_limit_gflops`). Returns new objects.
 */
export function withLimitShares(measurements: readonly Measurement[]): Measurement[] {
  return measurements.map((m) => {
    if (m.status !== 'ok') return m
    const workload = findWorkload(m.workload)
    const effective =
      workload?.kind === 'mlp' && m.samples_per_s !== undefined
        ? m.samples_per_s * mlpFlopsPerSample(workload.sizes)
        : undefined
    const direct = m.kind === 'matmul' || m.kind === 'conv'
    const gflops = direct ? m.gflops : effective === undefined ? undefined : effective / 1e9
    const limit = m.fma_limit_gflops
    return {
      ...m,
      ...(effective === undefined ? {} : { effective_gflops: round3(effective / 1e9) }),
      ...(gflops === undefined || !limit ? {} : { of_fma_limit: round3(gflops / limit) }),
    }
  })
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000
}

/**
 * Sets `ratio_vs_best_tfjs` and `best_tfjs` on every othergrad measurement: its figure against the
 * best TensorFlow.js figure on the same workload at the same thread count (µs/op inverted, so above
 * 1 means othergrad is faster). Null when no tfjs figure matches. Returns new objects.
 */
export function withRatios(measurements: readonly Measurement[]): Measurement[] {
  return measurements.map((m) => {
    const mine = m.impl === 'othergrad' ? figureOf(m) : null
    if (!mine) return m
    let best: { m: Measurement; f: Figure } | null = null
    for (const other of measurements) {
      if (other.impl !== 'tfjs' || other.workload !== m.workload || other.threads !== m.threads)
        continue
      const f = figureOf(other)
      if (!f || f.key !== mine.key) continue
      if (!best || (f.higherIsBetter ? f.value > best.f.value : f.value < best.f.value))
        best = { m: other, f }
    }
    if (!best) return { ...m, ratio_vs_best_tfjs: null, best_tfjs: null }
    const ratio = mine.higherIsBetter ? mine.value / best.f.value : best.f.value / mine.value
    return { ...m, ratio_vs_best_tfjs: round(ratio, 3), best_tfjs: best.m.id }
  })
}

export function round(value: number, digits: number): number {
  const scale = 10 ** digits
  return Math.round(value * scale) / scale
}

const DIGITS: Partial<Record<keyof ChildResult, number>> = {
  samples_per_s: 1,
  gflops: 3,
  us_per_op: 3,
  epoch_fraction: 4,
  seconds: 3,
  median_s: 6,
  min_s: 6,
  first_loss: 6,
  last_loss: 6,
}

/** A child's figures rounded to what the measurement can tell apart. */
export function roundFigures<T extends ChildResult>(result: T): T {
  const out = { ...result }
  for (const [key, digits] of Object.entries(DIGITS) as [keyof ChildResult, number][]) {
    const value = out[key]
    if (typeof value === 'number') (out as Record<string, unknown>)[key] = round(value, digits)
  }
  return out
}

/** `12,345 samples/s`, `28.1 GFLOPS`, `3.21 µs/op`. */
export function formatFigure(f: Figure): string {
  switch (f.key) {
    case 'samples_per_s':
      return `${Math.round(f.value).toLocaleString('en-US')} samples/s`
    case 'gflops':
      return `${f.value >= 10 ? f.value.toFixed(1) : f.value.toFixed(2)} GFLOPS`
    case 'us_per_op':
      return `${f.value >= 100 ? f.value.toFixed(0) : f.value.toFixed(2)} µs/op`
  }
}

/** Bytes as MiB with no decimals (`512 MiB`); a dash for null. */
export function formatBytes(bytes: number | null | undefined): string {
  return bytes === null || bytes === undefined
    ? '—'
    : `${Math.round(bytes / 2 ** 20).toLocaleString('en-US')} MiB`
}

function epochCell(m: Measurement): string {
  if (m.epoch_fraction === undefined) return ''
  if (m.epoch_complete) return `full (${Math.round(m.seconds ?? 0)} s)`
  return `${Math.round(m.epoch_fraction * 100)}% (${Math.round(m.seconds ?? 0)} s)`
}

function accuracyCell(m: Measurement): string {
  if ((m.kind !== 'mlp' && m.kind !== 'cnn') || m.status !== 'ok') return ''
  return m.test_accuracy === null || m.test_accuracy === undefined
    ? 'n/a'
    : m.test_accuracy.toFixed(4)
}

function memoryCell(m: Measurement): string {
  const extra = m.peak_gpu_bytes
    ? ` gpu ${formatBytes(m.peak_gpu_bytes)}`
    : m.peak_wasm_heap_bytes
      ? ` heap ${formatBytes(m.peak_wasm_heap_bytes)}`
      : ''
  return m.peak_rss_bytes === undefined ? '' : `${formatBytes(m.peak_rss_bytes)}${extra}`
}

function limitCell(m: Measurement): string {
  if (m.of_fma_limit === undefined || !m.fma_limit_gflops) return ''
  return `${Math.round(m.of_fma_limit * 100)}% of ${m.fma_limit_gflops.toFixed(0)}`
}

function ratioCell(m: Measurement): string {
  if (m.ratio_vs_best_tfjs === undefined) return ''
  if (m.ratio_vs_best_tfjs === null) return 'no tfjs match'
  return `${m.ratio_vs_best_tfjs.toFixed(2)}× ${m.best_tfjs}`
}

/** Left-aligned text columns separated by two spaces, with a rule under the header. */
export function formatColumns(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd()
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n')
}

/**
 * The readable table: one row per measurement, in run order. Notes (why a run was skipped or
 * failed, how threads were forced) are numbered below it, each distinct note once.
 */
export function formatTable(measurements: readonly Measurement[]): string {
  const notes: string[] = []
  const ref = (note: string | undefined): string => {
    if (!note) return ''
    const text = note.replace(/\s+/g, ' ').trim()
    const short = text.length > 400 ? `${text.slice(0, 400)}…` : text
    if (!notes.includes(short)) notes.push(short)
    return ` [${notes.indexOf(short) + 1}]`
  }
  const header = [
    'workload',
    'implementation',
    'thr',
    'result',
    'test acc',
    'epoch',
    'peak memory',
    'of FMA limit (GFLOPS)',
    'vs best tfjs (same threads)',
  ]
  const rows = measurements.map((m) => {
    const f = figureOf(m)
    const result = `${f ? formatFigure(f) : m.status}${ref(m.note)}`
    return [
      m.workload,
      m.id,
      String(m.threads),
      result,
      accuracyCell(m),
      epochCell(m),
      memoryCell(m),
      limitCell(m),
      ratioCell(m),
    ]
  })
  const table = formatColumns(header, rows)
  return notes.length === 0
    ? table
    : `${table}\n\n${notes.map((n, i) => `[${i + 1}] ${n}`).join('\n')}`
}
