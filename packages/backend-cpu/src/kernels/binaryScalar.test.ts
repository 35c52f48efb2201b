import { describe, expect, it } from 'vitest'
import type { Backend, DataArray, DType, TensorInfo } from '@othergrad/core/backend'
import { kernelFamilies } from '@othergrad/test-utils/kernels'
import { cpuBackend } from '../cpuBackend'

const backend: Backend = cpuBackend({ name: 'cpu-scalar-test' })
const kernels = kernelFamilies(backend)

function put(values: number[], dtype: 'float32' | 'float64'): TensorInfo {
  const array = dtype === 'float32' ? Float32Array.from(values) : Float64Array.from(values)
  return { storage: backend.write(array, dtype), shape: [values.length], dtype }
}

function run(op: 'add' | 'sub' | 'mul' | 'div', x: TensorInfo, value: number): DataArray {
  const out = kernels.fused.binaryScalar(op, x, value)
  return backend.readSync!(out, x.dtype, x.shape[0])
}

/** The same op against a 0-d tensor holding `value`, through the broadcasting kernel. */
function viaTensor(op: 'add' | 'sub' | 'mul' | 'div', x: TensorInfo, value: number, dtype: DType) {
  const array = dtype === 'float32' ? Float32Array.of(value) : Float64Array.of(value)
  const b = { storage: backend.write(array, dtype), shape: [], dtype }
  return backend.readSync!(kernels.binary(op, x, b, x.shape), dtype, x.shape[0])
}

describe('binaryScalar', () => {
  const values = [1.5, -2, 0, -0, 3.25, Infinity, -Infinity, NaN, 1e-3, 7]

  it('computes add, sub, mul and div against expected values', () => {
    const x = put([1.5, -2, 0, 4], 'float32')
    expect(Array.from(run('add', x, 0.5))).toEqual([2, -1.5, 0.5, 4.5])
    expect(Array.from(run('sub', x, 0.5))).toEqual([1, -2.5, -0.5, 3.5])
    expect(Array.from(run('mul', x, -2))).toEqual([-3, 4, -0, -8])
    expect(Array.from(run('div', x, 4))).toEqual([0.375, -0.5, 0, 1])
  })

  for (const dtype of ['float32', 'float64'] as const) {
    it(`matches binary with a 0-d operand bit for bit (${dtype}), inf and NaN included`, () => {
      const x = put(values, dtype)
      for (const op of ['add', 'sub', 'mul', 'div'] as const) {
        for (const v of [0.1, -3, 0, Infinity, NaN]) {
          const value = dtype === 'float32' ? Math.fround(v) : v
          expect(Array.from(run(op, x, value)), `${op} ${v}`).toEqual(
            Array.from(viaTensor(op, x, value, dtype)),
          )
        }
      }
    })
  }

  it('rounds like a float32 store: 0.1 is added as fround(0.1)', () => {
    const x = put([1], 'float32')
    expect(run('add', x, Math.fround(0.1))[0]).toBe(Math.fround(1 + Math.fround(0.1)))
  })

  it('returns an empty output for an empty tensor', () => {
    const x: TensorInfo = {
      storage: backend.write(new Float32Array(0), 'float32'),
      shape: [0, 3],
      dtype: 'float32',
    }
    const out = kernels.fused.binaryScalar('mul', x, 2)
    expect(backend.readSync!(out, 'float32', 0).length).toBe(0)
  })
})
