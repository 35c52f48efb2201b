/** The fused `binaryScalar` kernel against expected values and against `binary` with a 0-d operand. */
import { beforeAll, describe, expect, it } from 'vitest'
import type { Backend, DataArray, ScalarBinaryOp, TensorInfo } from '@othergrad/core/backend'
import { wasmBackend } from '../src/index'
import { kernelFamilies } from '@othergrad/test-utils/kernels'

let backend: Backend
let threaded: Backend

beforeAll(async () => {
  backend = wasmBackend({ name: 'wasm-scalar' })
  threaded = wasmBackend({ threads: 2, name: 'wasm-scalar-threads' })
  await Promise.all([backend.init!(), threaded.init!()])
})

type FloatDType = 'float32' | 'float64'

function put(b: Backend, values: ArrayLike<number>, dtype: FloatDType): TensorInfo {
  const array = dtype === 'float32' ? Float32Array.from(values) : Float64Array.from(values)
  return { storage: b.write(array, dtype), shape: [values.length], dtype }
}

function run(b: Backend, op: ScalarBinaryOp, x: TensorInfo, value: number): DataArray {
  return b.readSync!(kernelFamilies(b).fused.binaryScalar(op, x, value), x.dtype, x.shape[0])
}

/** The same op against a 0-d tensor holding `value`, through the broadcasting kernel. */
function viaTensor(b: Backend, op: ScalarBinaryOp, x: TensorInfo, value: number): DataArray {
  const zeroD: TensorInfo = { ...put(b, [value], x.dtype as FloatDType), shape: [] }
  return b.readSync!(kernelFamilies(b).binary(op, x, zeroD, x.shape), x.dtype, x.shape[0])
}

const OPS: ScalarBinaryOp[] = ['add', 'sub', 'mul', 'div']

describe('binaryScalar', () => {
  it('computes add, sub, mul and div against expected values', () => {
    const x = put(backend, [1.5, -2, 0, 4], 'float32')
    expect(Array.from(run(backend, 'add', x, 0.5))).toEqual([2, -1.5, 0.5, 4.5])
    expect(Array.from(run(backend, 'sub', x, 0.5))).toEqual([1, -2.5, -0.5, 3.5])
    expect(Array.from(run(backend, 'mul', x, -2))).toEqual([-3, 4, -0, -8])
    expect(Array.from(run(backend, 'div', x, 4))).toEqual([0.375, -0.5, 0, 1])
  })

  for (const dtype of ['float32', 'float64'] as const) {
    it(`matches binary with a 0-d operand bit for bit across SIMD body and tail (${dtype})`, () => {
      const values = Array.from({ length: 37 }, (_, i) => (i % 7 === 3 ? 0 : (i - 18) / 3.7))
      values.push(Infinity, -Infinity, NaN, -0)
      const x = put(backend, values, dtype)
      for (const op of OPS) {
        for (const v of [0.1, -3, 0, Infinity, NaN]) {
          const value = dtype === 'float32' ? Math.fround(v) : v
          expect(Array.from(run(backend, op, x, value)), `${op} ${v}`).toEqual(
            Array.from(viaTensor(backend, op, x, value)),
          )
        }
      }
    })
  }

  it('gives the same bits split across two threads', () => {
    // Above the pool's 64K-element threshold for splitting, with an uneven tail.
    const n = 70_003
    const values = Float32Array.from({ length: n }, (_, i) => Math.sin(i) * 5)
    const x = put(threaded, values, 'float32')
    const ref = put(backend, values, 'float32')
    for (const op of OPS) {
      const value = Math.fround(1.7)
      expect(run(threaded, op, x, value)).toEqual(run(backend, op, ref, value))
    }
  })

  it('keeps the scalar right after the memory grows', () => {
    const x = put(backend, [1, 2, 3], 'float64')
    backend.disposeStorage(backend.fill(8_000_000, 0, 'float64'))
    expect(Array.from(run(backend, 'mul', x, 0.25))).toEqual([0.25, 0.5, 0.75])
  })

  it('returns an empty output for an empty tensor', () => {
    const x: TensorInfo = { ...put(backend, [], 'float32'), shape: [0, 3] }
    expect(
      backend.readSync!(kernelFamilies(backend).fused.binaryScalar('mul', x, 2), 'float32', 0)
        .length,
    ).toBe(0)
  })
})
