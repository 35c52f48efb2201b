/**
 * The kernel-author API as an operator package sees it: the backend's WGSL helpers, f32
 * parameter words and dispatch in the batched encoder, and the rules that keep a package's
 * pipelines apart from the backend's.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import type { Backend, TensorInfo } from '@othergrad/core/backend'
import type { WebGpuKernelApi } from './kernelApi'
import { nodeWebgpuBackend } from './node'

let backend: Backend
let gpu: WebGpuKernelApi

beforeAll(async () => {
  backend = nodeWebgpuBackend()
  await backend.init!()
  gpu = backend.kernelApi as WebGpuKernelApi
})

describe('WebGpuKernelApi', () => {
  it("runs a package's shader built from the backend's helpers, with f32 parameter words", async () => {
    const shader = {
      key: '@acme/op-scaledLog1p:scaledLog1p_wg64',
      code: () => /* wgsl */ `
${gpu.paramsWgsl}
${gpu.wgsl.floatBits}
${gpu.wgsl.floatMath}
${gpu.wgsl.storage(1, 'x', gpu.wgslType('float32'))}
${gpu.wgsl.storage(2, 'y', 'f32', 'read_write')}
${gpu.wgsl.elementwiseMain}
  y[i] = log1pF(x[i]) * bitcast<f32>(P(2u));
}
`,
    }
    const values = Float32Array.from([0, 1e-7, 0.25, 1, NaN, Infinity])
    const x: TensorInfo = {
      storage: backend.write(values, 'float32'),
      shape: [6],
      dtype: 'float32',
    }
    const y = gpu.alloc(6)
    const { groups, span } = gpu.grid(6, gpu.workgroupSize)
    gpu.dispatch(shader, [6, span, gpu.floatWord(2.5)], [x, y], groups)
    const out = await backend.read(y, 'float32', 6)
    const expected = Array.from(values, (v) => Math.log1p(v) * 2.5)
    expected.forEach((e, i) => {
      if (Number.isNaN(e)) expect(out[i]).toBeNaN()
      else expect(out[i]).toBeCloseTo(e, 6)
    })
    // log1p near 0 keeps its digits (log(1 + x) would give 0).
    expect(out[1]).toBeCloseTo(2.5e-7, 12)
  })

  it('gives element types by dtype and refuses float64', () => {
    expect(gpu.wgslType('float32')).toBe('f32')
    expect(gpu.wgslType('int32')).toBe('i32')
    expect(gpu.wgslType('bool')).toBe('u32')
    expect(() => gpu.wgslType('float64')).toThrow('webgpu: float64 is not supported; use float32')
    expect(gpu.floatWord(1)).toBe(0x3f800000)
    expect(gpu.floatWord(-2.5)).toBe(0xc0200000)
  })

  it("refuses a shader key that could name one of the backend's pipelines", () => {
    const y = gpu.alloc(1)
    expect(() =>
      gpu.dispatch({ key: 'unary_exp_f32_wg64', code: () => '' }, [1, 64], [y], [1, 1, 1]),
    ).toThrow(
      "webgpu: a package shader's key must start with the package's name and a colon (e.g. '@acme/op-gelu:gelu_wg64'), got 'unary_exp_f32_wg64'",
    )
  })
})
