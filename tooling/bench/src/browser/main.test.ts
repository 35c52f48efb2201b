import { describe, expect, it } from 'vitest'
import type { Measurement } from '../measurement'
import { formatTable, withRatios } from '../report'
import { toMeasurement } from './main'
import type { PageOutcome } from './run'
import { parentPid } from './rendererMemory'

const base: Omit<Measurement, 'status' | 'threads'> = {
  id: 'othergrad-wasm-relaxed-t2',
  impl: 'othergrad',
  backend: 'wasm',
  variant: 'pytorch-style',
  workload: 'matmul-256',
  kind: 'matmul',
  mode: 'quick',
  environment: { name: 'chromium', version: '156.0.8078.114' },
  load_avg_1m: 1.5,
  commit: 'abc1234',
  timestamp: '2026-12-06T08:00:00.000Z',
  machine: {
    cpu_model: 'test cpu',
    cores: 2,
    node_version: 'v20.0.0',
    platform: 'linux',
    arch: 'x64',
    total_memory_bytes: 1,
  },
}

const page = { crossOriginIsolated: true, hardwareConcurrency: 2, userAgent: 'test' }

function outcome(report: PageOutcome['report'], rss: number | null = 300e6): PageOutcome {
  return {
    report,
    failure: report ? undefined : 'killed after 600 s (--timeout)',
    browserVersion: '156.0.8078.114',
    peakRendererRss: rss,
    console: [],
  }
}

describe('toMeasurement', () => {
  const ok = outcome({
    ok: true,
    result: { threads: 2, gflops: 40, peak_rss_bytes: 5e6, library_version: '0.1.0' },
    simd: 'relaxed',
    page,
  })

  it("keeps the page's figures, the variant that ran and the renderer's RSS", () => {
    const m = toMeasurement(base, 2, ok)
    expect(m).toMatchObject({
      status: 'ok',
      threads: 2,
      gflops: 40,
      simd: 'relaxed',
      peak_rss_bytes: 300e6,
      environment: { name: 'chromium', version: '156.0.8078.114' },
    })
    expect(m.peak_js_heap_bytes).toBeUndefined()
  })

  it("reports the page's JS heap under its own name when the renderer cannot be read", () => {
    const m = toMeasurement(base, 2, { ...ok, peakRendererRss: null })
    expect(m.peak_rss_bytes).toBeUndefined()
    expect(m.peak_js_heap_bytes).toBe(5e6)
  })

  it('turns a skip, an error and a silent page into rows with notes', () => {
    const skip = outcome({ ok: false, skip: true, message: 'no relaxed variant', page })
    expect(toMeasurement(base, 2, skip)).toMatchObject({
      status: 'skipped',
      note: 'no relaxed variant',
    })
    const error = outcome({ ok: false, skip: false, message: 'could not load: boom', page })
    expect(toMeasurement(base, 2, error)).toMatchObject({ status: 'error', threads: 2 })
    expect(toMeasurement(base, 1, outcome(null))).toMatchObject({
      status: 'error',
      threads: 1,
      note: 'killed after 600 s (--timeout)',
    })
  })

  it('feeds the same ratios and table as the Node bench', () => {
    const tfjs = toMeasurement({ ...base, id: 'tfjs-wasm-t2', impl: 'tfjs', variant: 'plain' }, 2, {
      ...ok,
      report: { ok: true, result: { threads: 2, gflops: 20, library_version: '4.22.0' }, page },
    })
    const [mine] = withRatios([toMeasurement(base, 2, ok), tfjs])
    expect(mine).toMatchObject({ ratio_vs_best_tfjs: 2, best_tfjs: 'tfjs-wasm-t2' })
    expect(formatTable([mine, tfjs])).toContain('2.00× tfjs-wasm-t2')
  })
})

describe('parentPid', () => {
  it('reads the field after the process name, which may hold spaces and parentheses', () => {
    expect(parentPid('4242 (chromium (renderer)) S 4100 4242 4100 0 -1 4194560')).toBe(4100)
    expect(parentPid('1 (init) S 0 1 1 0')).toBe(0)
  })
})
