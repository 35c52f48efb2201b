/**
 * Elementwise kernels split across two threads give the same bits as on one (kernels.test.ts
 * checks the one-thread kernels against references), and really are split.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { BINARY_OPS, COMPARISON_OPS, UNARY_OPS } from '@othergrad/core/backend'
import type { Backend, DType, TensorInfo } from '@othergrad/core/backend'
import { wasmBackend } from '../src/index'
import { kernelFamilies } from '@othergrad/test-utils/kernels'

let single: Backend
let threaded: Backend

beforeAll(async () => {
  single = wasmBackend()
  threaded = wasmBackend({ threads: 2, name: 'wasm-threads' })
  await Promise.all([single.init!(), threaded.init!()])
})

// Above the split threshold, and not a multiple of the chunk or of 4 (SIMD tails).
const N = 70_003

function values(size: number, seed: number): number[] {
  let s = seed * 2654435761
  return Array.from({ length: size }, (_, i) => {
    s = (s * 1103515245 + 12345) >>> 0
    return i % 17 === 3 ? 0 : (s / 2 ** 32) * 6 - 3
  })
}

function put(b: Backend, data: number[], dtype: DType, shape = [data.length]): TensorInfo {
  const array =
    dtype === 'float32'
      ? Float32Array.from(data)
      : dtype === 'float64'
        ? Float64Array.from(data)
        : Int32Array.from(data, (v) => Math.trunc(v))
  return { storage: b.write(array, dtype), shape, dtype }
}

function read(b: Backend, storage: TensorInfo['storage'], dtype: DType, n = N): number[] {
  return Array.from(b.readSync!(storage, dtype, n))
}

/** Runs `kernel` on both backends with the same inputs; the outputs must be identical. */
function sameOnBoth(kernel: (b: Backend) => TensorInfo): void {
  const before = threaded.memory().threadedMaps ?? 0
  const [one, two] = [single, threaded].map((b) => {
    const out = kernel(b)
    return read(b, out.storage, out.dtype, out.shape[0])
  })
  expect(threaded.memory().threadedMaps).toBe(before + 1)
  expect(two).toEqual(one)
}

describe('split elementwise kernels', () => {
  for (const dtype of ['float32', 'float64', 'int32'] as const) {
    it(`unary ops on ${dtype}`, () => {
      const x = values(N, 1)
      for (const op of UNARY_OPS) {
        if (op === 'logicalNot') continue
        sameOnBoth((b) => ({
          storage: kernelFamilies(b).unary(op, put(b, x, dtype)),
          shape: [N],
          dtype,
        }))
      }
    })

    it(`binary ops on ${dtype}, same-size and scalar operands`, () => {
      const a = values(N, 2)
      const c = values(N, 3)
      for (const op of BINARY_OPS) {
        const outType = COMPARISON_OPS.includes(op) ? 'bool' : dtype
        sameOnBoth((b) => ({
          storage: kernelFamilies(b).binary(op, put(b, a, dtype), put(b, c, dtype), [N]),
          shape: [N],
          dtype: outType,
        }))
        sameOnBoth((b) => ({
          storage: kernelFamilies(b).binary(op, put(b, a, dtype), put(b, [1.5], dtype, []), [N]),
          shape: [N],
          dtype: outType,
        }))
      }
    })
  }

  it('reluBackward', () => {
    const y = values(N, 4)
    const dy = values(N, 5)
    sameOnBoth((b) => ({
      storage: kernelFamilies(b).fused.reluBackward(put(b, dy, 'float32'), put(b, y, 'float32')),
      shape: [N],
      dtype: 'float32',
    }))
  })

  for (const dtype of ['float32', 'float64', 'int32'] as const) {
    it(`reductions of either axis of a [300, 401] ${dtype} block`, () => {
      const x = values(300 * 401, 7).map((v) => (dtype === 'int32' ? v * 3 : v / 3 + 1))
      for (const op of ['sum', 'max', 'min', 'prod'] as const) {
        for (const [axis, kept] of [
          [1, 300],
          [0, 401],
        ] as const) {
          sameOnBoth((b) => ({
            storage: kernelFamilies(b).reduce(op, put(b, x, dtype, [300, 401]), [axis]),
            shape: [kept],
            dtype,
          }))
        }
      }
    })
  }

  it('really runs units on the worker, for products and elementwise passes', () => {
    // The caller takes every unit a worker does not, so correct results alone would not show
    // that a worker runs at all (a worker that failed to load its code once went unnoticed).
    const n = 512
    const a = put(threaded, values(n * n, 8), 'float32', [n, n])
    const attrs = { transposeA: false, transposeB: false }
    const before = threaded.memory().workerUnits ?? 0
    for (let i = 0; i < 20 && threaded.memory().workerUnits === before; i++) {
      threaded.disposeStorage(kernelFamilies(threaded).matmul(a, a, attrs, [n, n]))
    }
    expect(threaded.memory().workerUnits).toBeGreaterThan(before)
    const mapped = threaded.memory().workerUnits ?? 0
    const x = put(threaded, values(1 << 20, 9), 'float32')
    for (let i = 0; i < 50 && threaded.memory().workerUnits === mapped; i++) {
      threaded.disposeStorage(kernelFamilies(threaded).unary('exp', x))
    }
    expect(threaded.memory().workerUnits).toBeGreaterThan(mapped)
  })

  it('leaves small passes on the calling thread', () => {
    const before = threaded.memory().threadedMaps
    kernelFamilies(threaded).unary('exp', put(threaded, values(1000, 6), 'float32'))
    expect(threaded.memory().threadedMaps).toBe(before)
  })
})
