import { describe, expect, it } from 'vitest'
import { parseArgs } from '../args'
import { buildPlan } from '../plan'
import { browserImpls } from './plan'
import { chromiumFlagsFor, entryFor } from './protocol'

describe('parseArgs (browser options)', () => {
  it('reads --browser and --simd, and defaults to Node with both variants', () => {
    expect(parseArgs([])).toMatchObject({ browser: false, simd: null })
    expect(parseArgs(['--', '--browser', '--simd=relaxed'])).toMatchObject({
      browser: true,
      simd: ['relaxed'],
    })
    expect(parseArgs(['--simd', 'relaxed,simd128,relaxed']).simd).toEqual(['relaxed', 'simd128'])
  })

  it('rejects an unknown kernel variant', () => {
    expect(() => parseArgs(['--simd', 'avx'])).toThrow(
      "bench: --simd expects simd128 or relaxed, got 'avx'",
    )
    expect(() => parseArgs(['--simd'])).toThrow(/--simd needs a value/)
  })
})

describe('browserImpls', () => {
  it('runs backend-wasm on 1 and 2 threads in both kernel variants, named as in Node, and tfjs wasm', () => {
    const impls = browserImpls(2, null, null)
    expect(impls.map((s) => s.id)).toEqual([
      'othergrad-wasm-simd128',
      'othergrad-wasm-relaxed',
      'othergrad-wasm-simd128-t2',
      'othergrad-wasm-relaxed-t2',
      'tfjs-wasm-t1',
      'tfjs-wasm-explicit-t1',
      'tfjs-wasm-t2',
      'tfjs-wasm-explicit-t2',
    ])
    const relaxed2 = impls.find((s) => s.id === 'othergrad-wasm-relaxed-t2')!
    expect(relaxed2).toMatchObject({
      impl: 'othergrad',
      backend: 'wasm',
      threads: 2,
      simd: 'relaxed',
    })
    // overhead-chain does not depend on threads: one thread only, as in Node.
    expect(relaxed2.kinds).not.toContain('overhead')
    expect(impls[0].kinds).toContain('overhead')
    expect(impls[1]).toMatchObject({ threads: null, simd: 'relaxed' })
    expect(impls.filter((s) => s.impl === 'tfjs').every((s) => s.simd === undefined)).toBe(true)
    expect(impls.map(entryFor)).toEqual([...Array(4).fill('othergrad'), ...Array(4).fill('tfjs')])
  })

  it('follows --threads and --simd, and uses the cores for the threaded rows', () => {
    expect(browserImpls(2, [1], ['relaxed']).map((s) => s.id)).toEqual([
      'othergrad-wasm-relaxed-t1',
      'tfjs-wasm-t1',
      'tfjs-wasm-explicit-t1',
      'tfjs-wasm-t2',
      'tfjs-wasm-explicit-t2',
    ])
    const four = browserImpls(4, null, ['simd128']).map((s) => s.id)
    expect(four).toContain('othergrad-wasm-simd128-t4')
    expect(four).toContain('tfjs-wasm-explicit-t4')
  })

  it('adds backend-webgpu only with --webgpu, in a page of its own with WebGPU on', () => {
    expect(parseArgs(['--browser', '--webgpu']).webgpu).toBe(true)
    expect(browserImpls(2, null, null).some((s) => s.backend === 'webgpu')).toBe(false)
    const gpu = browserImpls(2, null, null, true).find((s) => s.backend === 'webgpu')!
    expect(gpu).toMatchObject({ id: 'othergrad-webgpu', threads: null })
    expect(gpu.simd).toBeUndefined()
    expect(gpu.kinds).not.toContain('cnn')
    expect(entryFor(gpu)).toBe('webgpu')
    expect(chromiumFlagsFor(gpu)).toEqual(['--enable-unsafe-webgpu'])
    expect(chromiumFlagsFor(browserImpls(2, null, null)[0])).toEqual([])
  })

  it('plans with the Node bench filters', () => {
    const plan = buildPlan(browserImpls(2, null, null), ['matmul-256'], ['othergrad-wasm-simd128'])
    expect(plan.map((e) => `${e.workload.name} ${e.spec.id}`)).toEqual([
      'matmul-256 othergrad-wasm-simd128',
      'matmul-256 othergrad-wasm-simd128-t2',
    ])
  })
})
