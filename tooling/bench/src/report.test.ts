import { describe, expect, it } from 'vitest'
import type { Measurement } from './measurement'
import {
  formatBytes,
  formatColumns,
  formatFigure,
  formatTable,
  roundFigures,
  withRatios,
} from './report'

function m(partial: Partial<Measurement>): Measurement {
  return {
    status: 'ok',
    id: 'x',
    impl: 'tfjs',
    backend: 'cpu',
    variant: 'plain',
    workload: 'w',
    kind: 'mlp',
    mode: 'quick',
    threads: 1,
    load_avg_1m: 0,
    commit: null,
    timestamp: '',
    machine: {
      cpu_model: 'cpu',
      cores: 2,
      node_version: 'v20',
      platform: 'linux',
      arch: 'x64',
      total_memory_bytes: 0,
    },
    ...partial,
  }
}

describe('withRatios', () => {
  it('divides by the best tfjs figure with the same threads on the same workload', () => {
    const results = withRatios([
      m({ id: 'tfjs-cpu', samples_per_s: 100 }),
      m({ id: 'tfjs-wasm-t1', samples_per_s: 400 }),
      m({ id: 'tfjs-wasm-t2', threads: 2, samples_per_s: 800 }),
      m({ id: 'tfjs-other-workload', workload: 'v', samples_per_s: 10_000 }),
      m({ id: 'og', impl: 'othergrad', samples_per_s: 1000 }),
    ])
    expect(results[4].ratio_vs_best_tfjs).toBe(2.5)
    expect(results[4].best_tfjs).toBe('tfjs-wasm-t1')
    expect(results[0].ratio_vs_best_tfjs).toBeUndefined()
  })

  it('inverts µs/op so that above 1 means othergrad is faster', () => {
    const [, , og] = withRatios([
      m({ id: 'a', kind: 'overhead', us_per_op: 20 }),
      m({ id: 'b', kind: 'overhead', us_per_op: 30 }),
      m({ id: 'og', impl: 'othergrad', kind: 'overhead', us_per_op: 5 }),
    ])
    expect(og.ratio_vs_best_tfjs).toBe(4)
    expect(og.best_tfjs).toBe('a')
  })

  it('is null without a tfjs figure at the same thread count, and skips failed runs', () => {
    const [, , og] = withRatios([
      m({ id: 'tfjs-wasm-t2', threads: 2, gflops: 50, kind: 'matmul' }),
      m({ id: 'tfjs-broken', status: 'error', kind: 'matmul' }),
      m({ id: 'og', impl: 'othergrad', gflops: 10, kind: 'matmul' }),
    ])
    expect(og.ratio_vs_best_tfjs).toBeNull()
  })
})

describe('formatting', () => {
  it('formats each kind of figure', () => {
    expect(formatFigure({ key: 'samples_per_s', value: 12345.6, higherIsBetter: true })).toBe(
      '12,346 samples/s',
    )
    expect(formatFigure({ key: 'gflops', value: 28.14, higherIsBetter: true })).toBe('28.1 GFLOPS')
    expect(formatFigure({ key: 'gflops', value: 0.713, higherIsBetter: true })).toBe('0.71 GFLOPS')
    expect(formatFigure({ key: 'us_per_op', value: 3.214, higherIsBetter: false })).toBe(
      '3.21 µs/op',
    )
    expect(formatBytes(512 * 2 ** 20)).toBe('512 MiB')
    expect(formatBytes(null)).toBe('—')
  })

  it('pads columns to the widest cell', () => {
    expect(formatColumns(['a', 'bb'], [['long', 'x']])).toBe('a     bb\n----  --\nlong  x')
  })

  it('shows accuracy only after a full epoch and the ratio next to othergrad rows', () => {
    const table = formatTable(
      withRatios([
        m({
          id: 'tfjs-cpu',
          samples_per_s: 100,
          epoch_complete: false,
          epoch_fraction: 0.25,
          seconds: 20,
          test_accuracy: null,
          peak_rss_bytes: 2 ** 30,
        }),
        m({
          id: 'othergrad-cpu',
          impl: 'othergrad',
          samples_per_s: 300,
          epoch_complete: true,
          epoch_fraction: 1,
          seconds: 200,
          test_accuracy: 0.9171,
        }),
      ]),
    )
    expect(table).toContain('25% (20 s)')
    expect(table).toContain('1,024 MiB')
    expect(table).toMatch(
      /othergrad-cpu .*300 samples\/s .*0\.9171 .*full \(200 s\).*3\.00× tfjs-cpu/,
    )
  })

  it('numbers each distinct note once, below the table', () => {
    const table = formatTable([
      m({ id: 'og-wasm', status: 'skipped', workload: '*', note: 'not built' }),
      m({ id: 'tfjs-wasm-t2', threads: 2, samples_per_s: 5, note: 'threads forced' }),
      m({ id: 'tfjs-wasm-explicit-t2', threads: 2, samples_per_s: 6, note: 'threads forced' }),
    ])
    expect(table).toMatch(/og-wasm .*skipped \[1\]/)
    expect(table).toMatch(/tfjs-wasm-explicit-t2 .*6 samples\/s \[2\]/)
    expect(table.endsWith('[1] not built\n[2] threads forced')).toBe(true)
  })

  it('rounds figures to meaningful digits', () => {
    expect(
      roundFigures({ threads: 1, samples_per_s: 1234.5678, gflops: 1.23456, us_per_op: 3.14159 }),
    ).toEqual({
      threads: 1,
      samples_per_s: 1234.6,
      gflops: 1.235,
      us_per_op: 3.142,
    })
  })
})
