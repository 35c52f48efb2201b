/**
 * The browser bench end to end, kept small: the pages bundled and served as `pnpm bench --browser`
 * does, each task in a Chromium of its own. Checks the reports' shape and that the figures are
 * sane (never how fast: the machine is shared).
 */
import { existsSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { WorkloadKind } from '../workloads'
import { bundlePages } from './bundle'
import { chromiumPath } from './chromium'
import { toMeasurement } from './main'
import { browserImpls, type BrowserSpec } from './plan'
import type { BrowserTask } from './protocol'
import { runTaskInChromium, type PageOutcome } from './run'
import { startPageServer, type PageServer } from './server'

const specs = browserImpls(2, null, null)
const spec = (id: string): BrowserSpec => specs.find((s) => s.id === id)!
let server: PageServer

function task(id: string, workload: string, budgetSeconds = 1): BrowserTask {
  return { spec: spec(id), workload, mode: 'quick', budgetSeconds }
}

async function run(t: BrowserTask): Promise<PageOutcome> {
  return runTaskInChromium(server, t, 60)
}

function measurement(t: BrowserTask, outcome: PageOutcome, kind: WorkloadKind) {
  const m = toMeasurement(
    {
      id: t.spec.id,
      impl: t.spec.impl,
      backend: t.spec.backend,
      variant: t.spec.variant,
      workload: t.workload,
      kind,
      mode: t.mode,
      environment: { name: 'chromium', version: outcome.browserVersion },
      load_avg_1m: 0,
      commit: null,
      timestamp: new Date().toISOString(),
      machine: {
        cpu_model: 'x',
        cores: 2,
        node_version: process.version,
        platform: 'linux',
        arch: 'x64',
        total_memory_bytes: 1,
      },
    },
    t.spec.threads ?? 1,
    outcome,
  )
  // A JSON line, as the bench writes it.
  return JSON.parse(JSON.stringify(m)) as typeof m
}

describe.skipIf(!existsSync(chromiumPath()))('pnpm bench --browser', () => {
  beforeAll(async () => {
    server = await startPageServer(await bundlePages(false))
  }, 60_000)
  afterAll(() => server?.close())

  it('serves the pages cross-origin isolated, and nothing else', async () => {
    const page = await fetch(server.pageUrl('othergrad'))
    expect(page.headers.get('cross-origin-opener-policy')).toBe('same-origin')
    expect(page.headers.get('cross-origin-embedder-policy')).toBe('require-corp')
    const wasm = await fetch(`${server.origin}/tfjs-wasm/tfjs-backend-wasm-threaded-simd.wasm`)
    expect(wasm.headers.get('content-type')).toBe('application/wasm')
    expect(new Uint8Array(await wasm.arrayBuffer()).subarray(0, 4)).toEqual(
      Uint8Array.of(0, 0x61, 0x73, 0x6d),
    )
    expect((await fetch(`${server.origin}/mnist/../package.json`)).status).toBe(404)
  })

  it('times a matmul on backend-wasm threads in an isolated page', async () => {
    const t = task('othergrad-wasm-simd128-t2', 'matmul-256')
    const outcome = await run(t)
    expect(outcome.failure).toBeUndefined()
    expect(outcome.report?.page.crossOriginIsolated).toBe(true)
    const m = measurement(t, outcome, 'matmul')
    expect(m).toMatchObject({ status: 'ok', threads: 2, simd: 'simd128' })
    expect(m.environment?.name).toBe('chromium')
    expect(m.environment?.version).toMatch(/^\d+\.\d+/)
    expect(m.gflops).toBeGreaterThan(0)
    expect(m.reps).toBeGreaterThanOrEqual(3)
    expect(m.min_s).toBeLessThanOrEqual(m.median_s!)
    // The products really ran on the pool.
    expect(m.backend_memory?.threadedMatmuls).toBeGreaterThan(0)
    expect(m.peak_wasm_heap_bytes).toBeGreaterThan(0)
    // The renderer's RSS from /proc: a page with a wasm heap is well over a megabyte.
    expect(m.peak_rss_bytes).toBeGreaterThan(2 ** 20)
  }, 60_000)

  it('trains the MLP a few steps from the same first loss as Node', async () => {
    const t = task('othergrad-wasm-simd128', 'mlp-784-512-256-10-b128', 0.3)
    const m = measurement(t, await run(t), 'mlp')
    expect(m).toMatchObject({ status: 'ok', threads: 1, epoch_complete: false, warmup_steps: 3 })
    // The bench's README: 2.3001 for this model from these weights and batches, in every library.
    expect(m.first_loss).toBeCloseTo(2.3001, 3)
    expect(Number.isFinite(m.last_loss)).toBe(true)
    expect(m.steps).toBeGreaterThanOrEqual(1)
    expect(m.samples).toBe(m.steps! * 128)
    expect(Math.abs(m.samples_per_s! / (m.samples! / m.seconds!) - 1)).toBeLessThan(0.01)
    expect(m.test_accuracy).toBeNull()
  }, 60_000)

  it('runs TensorFlow.js wasm on two threads beside it', async () => {
    const t = task('tfjs-wasm-t2', 'matmul-256')
    const m = measurement(t, await run(t), 'matmul')
    expect(m).toMatchObject({ status: 'ok', threads: 2, note: 'threaded-simd binary' })
    expect(m.library_version).toBe('4.22.0')
    expect(m.gflops).toBeGreaterThan(0)
    expect(m.peak_wasm_heap_bytes).toBeGreaterThan(0)
  }, 60_000)

  it("reports the relaxed variant as run, or skipped with the backend's reason", async () => {
    const t = task('othergrad-wasm-relaxed', 'matmul-256')
    const m = measurement(t, await run(t), 'matmul')
    if (m.status === 'ok') expect(m.simd).toBe('relaxed')
    else
      expect(m).toMatchObject({ status: 'skipped', note: expect.stringMatching(/simd|relaxed/i) })
  }, 60_000)
})
