/**
 * op-conv on backend-wasm's relaxed-SIMD build, one thread and two: the backend instantiates the
 * relaxed build of op-conv's module (fused multiply-adds in the convolution GEMM), which must
 * pass the same fixtures within the same tolerances. Asking for `simd: 'relaxed'` turns on Node
 * 20's V8 flag for this process (vitest runs each test file in a process of its own here).
 */
import { describe, expect, it } from 'vitest'
import { registerConformanceSuite } from '@othergrad/conformance'
import { wasmBackend } from '@othergrad/backend-wasm'
import { setBackend, tensor, use } from '@othergrad/core'
import { conv2d, convOps } from '../src/index'
import { convCases } from '../src/conformance/index'

use(convOps())
for (const threads of [1, 2]) {
  registerConformanceSuite({
    name: `wasm-relaxed-t${threads}`,
    backend: () => wasmBackend({ simd: 'relaxed', threads, name: `wasm-relaxed-t${threads}` }),
    dtypes: ['float32'],
    coreCases: false,
    extraCases: convCases(),
  })
}

describe('op-conv on the relaxed-SIMD build', () => {
  it('runs the fused GEMM: -1 + e·e keeps the 2^-24 that two roundings lose', async () => {
    // A 1x2 kernel over a 1x2 image: out = x0·w0 + x1·w1 = -1 + e·e with e = 1 + 2^-12.
    const e = 1 + 2 ** -12
    const conv = (backend: string) =>
      conv2d(tensor([[[[-1, e]]]], { backend }), tensor([[[[1, e]]]], { backend })).item()
    const relaxed = wasmBackend({ simd: 'relaxed', name: 'wasm-conv-fused' })
    const plain = wasmBackend({ simd: 'simd128', name: 'wasm-conv-unfused' })
    use(relaxed)
    use(plain)
    await setBackend(relaxed.name)
    await setBackend(plain.name)
    expect(await conv(relaxed.name)).toBe(2 ** -11 + 2 ** -24)
    expect(await conv(plain.name)).toBe(2 ** -11)
  })
})
