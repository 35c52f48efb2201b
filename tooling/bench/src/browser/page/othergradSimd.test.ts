import { describe, expect, it } from 'vitest'
import type { Backend } from '@othergrad/core'
import { makeWasmBackend, simdOf, type WasmFactory, type WasmOptions } from './othergradSimd'

/** A factory that records the options it got and validates keys as backend-wasm does. */
function factory(known: string[], simd?: string, reject?: string) {
  const calls: (WasmOptions | undefined)[] = []
  const make: WasmFactory = (options) => {
    calls.push(options)
    for (const key of Object.keys(options ?? {})) {
      if (!known.includes(key))
        throw new Error(`wasmBackend: unknown option '${key}' (known options: ${known.join(', ')})`)
    }
    if (reject && options?.simd === 'relaxed') throw new Error(reject)
    return { name: 'wasm', ...(simd ? { simd: options?.simd ?? simd } : {}) } as unknown as Backend
  }
  return { make, calls }
}

describe('makeWasmBackend', () => {
  it('passes { threads, simd } through to a backend that has the option', () => {
    const f = factory(['threads', 'name', 'simd'], 'relaxed')
    const made = makeWasmBackend(f.make, 2, 'simd128')
    expect(f.calls).toEqual([{ threads: 2, simd: 'simd128' }])
    expect(made.optionPassed).toBe(true)
    expect(simdOf(made.backend)).toBe('simd128')
    makeWasmBackend(f.make, 1, 'relaxed')
    expect(f.calls[1]).toEqual({ simd: 'relaxed' })
  })

  it("runs a backend without the option in its own variant only, reported as 'simd128'", () => {
    const f = factory(['threads', 'name'])
    const made = makeWasmBackend(f.make, 2, 'simd128')
    expect(made.optionPassed).toBe(false)
    expect(f.calls).toEqual([{ threads: 2, simd: 'simd128' }, { threads: 2 }])
    expect(simdOf(made.backend)).toBe('simd128')
    expect(() => makeWasmBackend(f.make, 1, 'relaxed')).toThrow(
      expect.objectContaining({
        name: 'SkipError',
        message: "backend-wasm takes no simd option (runs simd128 only), so no 'relaxed' variant",
      }),
    )
  })

  it('skips a variant the backend rejects, with its reason', () => {
    const reason = "wasmBackend: simd 'relaxed' is not supported here (no relaxed SIMD)"
    const f = factory(['threads', 'name', 'simd'], 'simd128', reason)
    expect(() => makeWasmBackend(f.make, 1, 'relaxed')).toThrow(
      expect.objectContaining({ name: 'SkipError', message: reason }),
    )
  })

  it('lets any other error through as an error', () => {
    const broken: WasmFactory = () => {
      throw new Error('wasmBackend: threads must be at least 1 (got 0)')
    }
    let thrown: unknown
    try {
      makeWasmBackend(broken, 0, 'simd128')
    } catch (e) {
      thrown = e
    }
    expect((thrown as Error).name).toBe('Error')
    expect((thrown as Error).message).toMatch(/threads must be at least 1/)
  })
})
