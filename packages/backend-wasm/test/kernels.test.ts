/**
 * Every WASM kernel against a naive reference, at sizes that exercise the SIMD bodies, their
 * scalar tails and the matmul edge tiles. (Conformance covers the op semantics against PyTorch
 * on small shapes; this covers the code paths.)
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { BINARY_OPS, COMPARISON_OPS, UNARY_OPS } from '@othergrad/core/backend'
import type { Backend, DataArray, DType, Shape, TensorInfo } from '@othergrad/core/backend'
import {
  BINARY_REFERENCE,
  UNARY_REFERENCE,
  broadcastOffset,
  unravel,
} from '@othergrad/test-utils/reference'
import { wasmBackend } from '../src/index'
import { kernelFamilies } from '@othergrad/test-utils/kernels'

let backend: Backend
let threaded: Backend

beforeAll(async () => {
  backend = wasmBackend()
  threaded = wasmBackend({ threads: 2, name: 'wasm-threads' })
  await Promise.all([backend.init!(), threaded.init!()])
})

function numel(shape: Shape): number {
  return shape.reduce((a, b) => a * b, 1)
}

/** Seeded values in [-2, 2), with a few exact zeros, halves and integers mixed in. */
function values(size: number, seed = 1): number[] {
  let s = seed * 2654435761
  return Array.from({ length: size }, (_, i) => {
    s = (s * 1103515245 + 12345) >>> 0
    if (i % 11 === 5) return 0
    if (i % 13 === 7) return ((s >>> 8) % 9) / 2 - 2
    return (s / 2 ** 32) * 4 - 2
  })
}

function put(
  data: ArrayLike<number>,
  shape: Shape,
  dtype: DType = 'float32',
  b = backend,
): TensorInfo {
  const array =
    dtype === 'float32'
      ? Float32Array.from(data)
      : dtype === 'float64'
        ? Float64Array.from(data)
        : dtype === 'int32'
          ? Int32Array.from(data, (v) => Math.trunc(v))
          : Uint8Array.from(data, (v) => (v !== 0 ? 1 : 0))
  return { storage: b.write(array, dtype), shape, dtype }
}

function get(info: TensorInfo, b = backend): DataArray {
  return b.readSync!(info.storage, info.dtype, numel(info.shape))
}

function f32(v: number): number {
  return Math.fround(v)
}

/** Within `rtol` relative (or `atol` absolute) error; NaNs must match. */
function expectClose(
  got: ArrayLike<number>,
  want: ArrayLike<number>,
  rtol = 2e-6,
  atol = 1e-6,
): void {
  expect(got.length).toBe(want.length)
  for (let i = 0; i < want.length; i++) {
    const g = got[i]
    const w = want[i]
    if (Number.isNaN(w) || !Number.isFinite(w)) {
      expect(
        Object.is(g, w) || (Number.isNaN(g) && Number.isNaN(w)),
        `index ${i}: ${g} vs ${w}`,
      ).toBe(true)
    } else if (Math.abs(g - w) > rtol * Math.abs(w) + atol) {
      expect.fail(`index ${i}: got ${g}, expected ${w}`)
    }
  }
}

describe('unary', () => {
  const specials = [NaN, Infinity, -Infinity, -0, 0, 2.5, -2.5, 0.5, 1.5, 100, -100, 1e-30]
  for (const op of UNARY_OPS) {
    it(`computes ${op} in float32 and float64 across SIMD body and tail`, () => {
      for (const dtype of ['float32', 'float64'] as const) {
        for (const n of [1, 3, 4, 7, 16, 37]) {
          const data = [...specials, ...values(n, n)].slice(0, Math.max(n, specials.length))
          const x = put(data, [data.length], dtype)
          const out = kernelFamilies(backend).unary(op, x)
          const outDtype = op === 'logicalNot' ? 'bool' : dtype
          const xs = dtype === 'float32' ? data.map(f32) : data
          const want = xs.map((v) => UNARY_REFERENCE[op](v))
          expectClose(
            get({ storage: out, shape: x.shape, dtype: outDtype }),
            dtype === 'float32' ? want.map(f32) : want,
            dtype === 'float32' ? 4e-7 : 1e-15,
            1e-30,
          )
        }
      }
    })
  }

  it('computes int32 exactly, raises outside int32 instead of wrapping, keeps bool relu bool', () => {
    const ints = [0, 5, -7, 2 ** 31 - 1, -(2 ** 31) + 1, 46340]
    const x = put(ints, [ints.length], 'int32')
    const read = (op: 'neg' | 'abs' | 'sign' | 'square' | 'relu', t = x) =>
      Array.from(
        get({ storage: kernelFamilies(backend).unary(op, t), shape: t.shape, dtype: 'int32' }),
      )
    expect(read('neg')).toEqual(ints.map((v) => -v + 0))
    expect(read('abs')).toEqual(ints.map((v) => Math.abs(v)))
    expect(read('sign')).toEqual(ints.map(Math.sign).map((v) => v + 0))
    expect(read('relu')).toEqual(ints.map((v) => Math.max(v, 0)))
    expect(read('square', put([46340, -3], [2], 'int32'))).toEqual([46340 ** 2, 9])
    const edge = put([3, -(2 ** 31)], [2], 'int32')
    const before = backend.memory().bytes
    expect(() => read('neg', edge)).toThrow('neg: integer overflow: -(-2147483648) = 2147483648')
    expect(() => read('abs', edge)).toThrow('abs: integer overflow: abs(-2147483648) = 2147483648')
    expect(() => read('square', put([-46341], [1], 'int32'))).toThrow(
      'square: integer overflow: -46341 ** 2 = 2147488281',
    )
    // The failed outputs were freed, and the flag was cleared: the next call succeeds.
    expect(backend.memory().bytes).toBe(before + 4)
    expect(read('sign', edge)).toEqual([1, -1])
    const b = put([1, 0, 1], [3], 'bool')
    expect(
      Array.from(
        get({ storage: kernelFamilies(backend).unary('relu', b), shape: [3], dtype: 'bool' }),
      ),
    ).toEqual([1, 0, 1])
    expect(
      Array.from(
        get({ storage: kernelFamilies(backend).unary('logicalNot', b), shape: [3], dtype: 'bool' }),
      ),
    ).toEqual([0, 1, 0])
  })
})

describe('binary', () => {
  const shapes: [Shape, Shape, Shape][] = [
    [[37], [37], [37]],
    [[37], [1], [37]],
    [[1], [37], [37]],
    [[5, 9], [9], [5, 9]],
    [
      [5, 1],
      [1, 9],
      [5, 9],
    ],
    [
      [3, 1, 6],
      [4, 1],
      [3, 4, 6],
    ],
    [
      [2, 3, 1, 5],
      [3, 4, 1],
      [2, 3, 4, 5],
    ],
    [
      [6, 8],
      [6, 1],
      [6, 8],
    ],
  ]
  for (const op of BINARY_OPS) {
    it(`computes ${op} with broadcasting in float32, float64 and int32`, () => {
      for (const dtype of ['float32', 'float64', 'int32'] as const) {
        for (const [aShape, bShape, outShape] of shapes) {
          let a = values(numel(aShape), 3)
          let b = values(numel(bShape), 4)
          if (dtype === 'int32') {
            a = a.map((v) => Math.round(v * 3))
            b = b.map((v) => Math.round(v * 3))
          }
          if (dtype !== 'float64') {
            a = a.map(f32)
            b = b.map(f32)
          }
          const out = kernelFamilies(backend).binary(
            op,
            put(a, aShape, dtype),
            put(b, bShape, dtype),
            outShape,
          )
          const outDtype = COMPARISON_OPS.includes(op) ? 'bool' : dtype
          const want = Array.from({ length: numel(outShape) }, (_, i) => {
            const x = a[broadcastOffset(unravel(i, outShape), aShape)]
            const y = b[broadcastOffset(unravel(i, outShape), bShape)]
            if (dtype === 'int32') {
              if (op === 'mul') return Math.imul(x, y)
              if (op === 'div') return y === 0 ? 0 : Math.trunc(x / y)
              if (op === 'pow')
                return y < 0
                  ? x === 1
                    ? 1
                    : x === -1
                      ? y % 2 === 0
                        ? 1
                        : -1
                      : 0
                  : Math.pow(x, y) | 0
            }
            return BINARY_REFERENCE[op](x, y)
          })
          const got = get({ storage: out, shape: outShape, dtype: outDtype })
          expectClose(
            got,
            dtype === 'float32' && outDtype !== 'bool' ? want.map(f32) : want,
            dtype === 'float32' ? 4e-7 : 1e-15,
          )
        }
      }
    })
  }

  it('propagates NaN through maximum/minimum and saturates bool arithmetic', () => {
    const a = put([NaN, 1, -0, 0, NaN], [5])
    const b = put([1, NaN, 0, -0, 2], [5])
    expect(
      Array.from(
        get({
          storage: kernelFamilies(backend).binary('maximum', a, b, [5]),
          shape: [5],
          dtype: 'float32',
        }),
      ),
    ).toEqual([NaN, NaN, 0, 0, NaN])
    const t = put([1, 1, 0], [3], 'bool')
    const u = put([1, 0, 0], [3], 'bool')
    expect(
      Array.from(
        get({
          storage: kernelFamilies(backend).binary('add', t, u, [3]),
          shape: [3],
          dtype: 'bool',
        }),
      ),
    ).toEqual([1, 1, 0])
  })
})

function reduceRef(op: string, data: number[], shape: Shape, axes: number[]): number[] {
  const outShape = shape.filter((_, d) => !axes.includes(d))
  const init = op === 'sum' ? 0 : op === 'prod' ? 1 : op === 'max' ? -Infinity : Infinity
  const out = new Array<number>(numel(outShape)).fill(init)
  for (let flat = 0; flat < data.length; flat++) {
    let rest = flat
    let o = 0
    let stride = 1
    for (let d = shape.length - 1; d >= 0; d--) {
      const i = rest % shape[d]
      rest = Math.floor(rest / shape[d])
      if (!axes.includes(d)) {
        o += i * stride
        stride *= shape[d]
      }
    }
    const v = data[flat]
    out[o] =
      op === 'sum'
        ? out[o] + v
        : op === 'prod'
          ? out[o] * v
          : op === 'max'
            ? Math.max(out[o], v)
            : Math.min(out[o], v)
  }
  return out
}

describe('reduce', () => {
  const cases: [Shape, number[]][] = [
    [[37], [0]],
    [[5, 37], [1]],
    [[37, 5], [0]],
    [[6, 33], [0]],
    [[3, 4, 5], [1]],
    [
      [3, 4, 5],
      [0, 2],
    ],
    [
      [2, 3, 4, 5],
      [0, 2],
    ],
    [
      [2, 3, 4, 5],
      [1, 3],
    ],
    [
      [2, 3, 4, 5],
      [0, 1, 2, 3],
    ],
    [[4, 1, 5], [1]],
    [[0, 5], [0]],
  ]
  for (const op of ['sum', 'max', 'min', 'prod'] as const) {
    it(`computes ${op} over every axis pattern in float32, float64 and int32`, () => {
      for (const dtype of ['float32', 'float64', 'int32'] as const) {
        for (const [shape, axes] of cases) {
          // torch refuses max/min over an empty dim; core checks that before dispatch.
          if (numel(shape) === 0 && (op === 'max' || op === 'min')) continue
          let data = values(numel(shape), 7).map((v) => (op === 'prod' ? 1 + v / 8 : v))
          // int32 products of ±1 stay in range (an overflow raises, see below).
          if (dtype === 'int32')
            data = data.map((v) => (op === 'prod' ? (v < 1 ? -1 : 1) : Math.round(v * 3)))
          if (dtype === 'float32') data = data.map(f32)
          const out = kernelFamilies(backend).reduce(op, put(data, shape, dtype), axes)
          const outShape = shape.filter((_, d) => !axes.includes(d))
          const want = reduceRef(op, data, shape, axes)
          const got = get({ storage: out, shape: outShape, dtype })
          expectClose(
            got,
            dtype === 'int32' ? want.map((v) => v | 0) : want,
            dtype === 'float32' ? 1e-5 : 1e-12,
            1e-5,
          )
        }
      }
    })
  }

  it('raises when an int32 sum or product leaves int32, instead of wrapping', () => {
    const big = put([2 ** 31 - 1, 2, -2], [3], 'int32')
    const sum = kernelFamilies(backend).reduce('sum', big, [0])
    expect(get({ storage: sum, shape: [], dtype: 'int32' })[0]).toBe(2 ** 31 - 1)
    const pair = put([2 ** 31 - 1, 2], [1, 2], 'int32')
    const triple = put([65536, 65536, 3], [3], 'int32')
    const before = backend.memory()
    expect(() => kernelFamilies(backend).reduce('sum', pair, [1])).toThrow(
      'sum: integer overflow: the result 2147483649 of a tensor of shape 1x2 (int32) does not fit int32',
    )
    expect(() => kernelFamilies(backend).reduce('prod', triple, [0])).toThrow(
      'prod: integer overflow: the result 12884901888',
    )
    // The output and the float64 scratch are freed before the error leaves.
    expect(backend.memory().buffers).toBe(before.buffers)
  })

  it('propagates NaN through max and min, and sums bools to int32', () => {
    const x = put([1, NaN, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 2], [18])
    expect(
      get({
        storage: kernelFamilies(backend).reduce('max', x, [0]),
        shape: [],
        dtype: 'float32',
      })[0],
    ).toBeNaN()
    expect(
      get({
        storage: kernelFamilies(backend).reduce('min', x, [0]),
        shape: [],
        dtype: 'float32',
      })[0],
    ).toBeNaN()
    const b = put([1, 0, 1, 1, 1, 0], [2, 3], 'bool')
    expect(
      Array.from(
        get({ storage: kernelFamilies(backend).reduce('sum', b, [1]), shape: [2], dtype: 'int32' }),
      ),
    ).toEqual([2, 2])
    expect(
      Array.from(
        get({ storage: kernelFamilies(backend).reduce('max', b, [0]), shape: [3], dtype: 'bool' }),
      ),
    ).toEqual([1, 1, 1])
  })
})

/** `op(A) · op(B)` for one matrix, in doubles. */
function matmulRef(
  a: number[],
  b: number[],
  m: number,
  n: number,
  k: number,
  ta: boolean,
  tb: boolean,
): number[] {
  const out = new Array<number>(m * n).fill(0)
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0
      for (let p = 0; p < k; p++) s += a[ta ? p * m + i : i * k + p] * b[tb ? j * k + p : p * n + j]
      out[i * n + j] = s
    }
  }
  return out
}

describe('matmul', () => {
  const sizes: [number, number, number][] = [
    [1, 1, 1],
    [4, 8, 16],
    [5, 9, 3],
    [13, 21, 300],
    [130, 70, 260],
    [67, 1030, 33],
  ]
  for (const dtype of ['float32', 'float64'] as const) {
    it(`multiplies every transpose combination, edge tiles included (${dtype})`, () => {
      for (const [m, n, k] of sizes) {
        const a = values(m * k, m).map(f32)
        const b = values(k * n, n).map(f32)
        for (const ta of [false, true]) {
          for (const tb of [false, true]) {
            const A = put(a, ta ? [k, m] : [m, k], dtype)
            const B = put(b, tb ? [n, k] : [k, n], dtype)
            const out = kernelFamilies(backend).matmul(A, B, { transposeA: ta, transposeB: tb }, [
              m,
              n,
            ])
            const got = get({ storage: out, shape: [m, n], dtype })
            expectClose(
              got,
              matmulRef(a, b, m, n, k, ta, tb),
              dtype === 'float32' ? 1e-5 : 1e-12,
              1e-4,
            )
          }
        }
      }
    })
  }

  it('broadcasts batch dims without copying, transposed or not', () => {
    const [m, n, k] = [5, 6, 7]
    const a = values(2 * 1 * m * k, 1)
    const b = values(1 * 3 * k * n, 2)
    for (const ta of [false, true]) {
      const A = put(a, ta ? [2, 1, k, m] : [2, 1, m, k])
      const B = put(b, [1, 3, k, n])
      const got = get({
        storage: kernelFamilies(backend).matmul(A, B, { transposeA: ta, transposeB: false }, [
          2,
          3,
          m,
          n,
        ]),
        shape: [2, 3, m, n],
        dtype: 'float32',
      })
      const want: number[] = []
      for (let i = 0; i < 2; i++) {
        for (let j = 0; j < 3; j++) {
          want.push(
            ...matmulRef(
              a.slice(i * m * k, (i + 1) * m * k),
              b.slice(j * k * n, (j + 1) * k * n),
              m,
              n,
              k,
              ta,
              false,
            ),
          )
        }
      }
      expectClose(got, want, 1e-5, 1e-5)
    }
  })

  it('gives the same products split across two threads', () => {
    expect(threaded.memory().threads).toBe(2)
    const rounds = threaded.memory().threadedMatmuls
    // Row blocks; two B panels (n > 1024) and column blocks; depth steps (k > 512); too few
    // rows to go round (column blocks only); too few columns (one strip); the MLP's shapes.
    for (const [m, n, k] of [
      [300, 200, 100],
      [64, 1400, 50],
      [170, 170, 170],
      [400, 300, 300],
      [3, 2100, 700],
      [1500, 20, 300],
      [128, 512, 784],
    ] as const) {
      for (const [ta, tb] of [
        [false, false],
        [true, true],
        [false, true],
      ] as const) {
        const a = values(m * k, 5)
        const b = values(k * n, 6)
        const A = put(a, ta ? [k, m] : [m, k], 'float32', threaded)
        const B = put(b, tb ? [n, k] : [k, n], 'float32', threaded)
        const got = get(
          {
            storage: kernelFamilies(threaded).matmul(A, B, { transposeA: ta, transposeB: tb }, [
              m,
              n,
            ]),
            shape: [m, n],
            dtype: 'float32',
          },
          threaded,
        )
        const A1 = put(a, A.shape)
        const B1 = put(b, B.shape)
        const single = get({
          storage: kernelFamilies(backend).matmul(A1, B1, { transposeA: ta, transposeB: tb }, [
            m,
            n,
          ]),
          shape: [m, n],
          dtype: 'float32',
        })
        expect(Array.from(got)).toEqual(Array.from(single))
      }
    }
    // Every one of these products is big enough to split.
    expect(threaded.memory().threadedMatmuls - rounds).toBe(7 * 3)
  })

  it('adds a split product onto the bias in the fused linear', () => {
    const [rows, inF, outF] = [200, 300, 150]
    const x = values(rows * inF, 7)
    const w = values(outF * inF, 8)
    const bias = values(outF, 9)
    const rounds = threaded.memory().threadedMatmuls
    const linear = (b: Backend): DataArray => {
      const out = kernelFamilies(b).fused.linear(
        put(x, [rows, inF], 'float32', b),
        put(w, [outF, inF], 'float32', b),
        put(bias, [outF], 'float32', b),
      )
      return get({ storage: out, shape: [rows, outF], dtype: 'float32' }, b)
    }
    const got = linear(threaded)
    expect(threaded.memory().threadedMatmuls - rounds).toBe(1)
    // The same sums in the same order as on one thread, and (within float32 rounding) the
    // reference's.
    expect(Array.from(got)).toEqual(Array.from(linear(backend)))
    const want = matmulRef(x, w, rows, outF, inF, false, true).map((v, i) => v + bias[i % outF])
    expectClose(got, want, 1e-4, 1e-4)
  })

  it('returns empty outputs and zeros for k = 0', () => {
    const empty = kernelFamilies(backend).matmul(
      put([], [0, 3]),
      put([1, 2, 3], [3, 1]),
      { transposeA: false, transposeB: false },
      [0, 1],
    )
    expect(get({ storage: empty, shape: [0, 1], dtype: 'float32' }).length).toBe(0)
    const zero = kernelFamilies(backend).matmul(
      put([], [2, 0]),
      put([], [0, 3]),
      { transposeA: false, transposeB: false },
      [2, 3],
    )
    expect(Array.from(get({ storage: zero, shape: [2, 3], dtype: 'float32' }))).toEqual([
      0, 0, 0, 0, 0, 0,
    ])
  })
})

describe('fused kernels', () => {
  it('linear adds the bias to x @ w^T', () => {
    const [rows, inF, outF] = [33, 70, 19]
    const x = values(rows * inF, 1)
    const w = values(outF * inF, 2)
    const bias = values(outF, 3)
    for (const dtype of ['float32', 'float64'] as const) {
      for (const withBias of [true, false]) {
        const out = kernelFamilies(backend).fused.linear(
          put(x, [rows, inF], dtype),
          put(w, [outF, inF], dtype),
          withBias ? put(bias, [outF], dtype) : null,
        )
        const want = matmulRef(x, w, rows, outF, inF, false, true).map(
          (v, i) => v + (withBias ? bias[i % outF] : 0),
        )
        expectClose(get({ storage: out, shape: [rows, outF], dtype }), want, 1e-5, 1e-5)
      }
    }
  })

  it('reluBackward passes dy where y > 0, NaN y included', () => {
    const y = [1, 0, -1, NaN, 2, -0, 3, 4, 5, -6, 7]
    const dy = [10, 11, NaN, 13, 14, 15, 16, 17, 18, NaN, 20]
    for (const dtype of ['float32', 'float64'] as const) {
      const out = kernelFamilies(backend).fused.reluBackward(
        put(dy, [11], dtype),
        put(y, [11], dtype),
      )
      expect(Array.from(get({ storage: out, shape: [11], dtype }))).toEqual(
        y.map((v, i) => (v <= 0 ? 0 : dy[i])),
      )
    }
  })

  it('logSoftmax and its backward match the formulas row by row', () => {
    for (const [rows, n] of [
      [3, 10],
      [4, 37],
      [2, 1],
      [5, 128],
    ] as const) {
      const x = values(rows * n, n).map((v) => v * 20)
      const dy = values(rows * n, n + 1)
      for (const dtype of ['float32', 'float64'] as const) {
        const xs = dtype === 'float32' ? x.map(f32) : x
        const y = kernelFamilies(backend).fused.logSoftmax(put(xs, [rows, n], dtype))
        const want: number[] = []
        for (let r = 0; r < rows; r++) {
          const row = xs.slice(r * n, (r + 1) * n)
          const max = Math.max(...row)
          const lse = max + Math.log(row.reduce((s, v) => s + Math.exp(v - max), 0))
          want.push(...row.map((v) => v - lse))
        }
        const yv = get({ storage: y, shape: [rows, n], dtype })
        expectClose(
          yv,
          want,
          dtype === 'float32' ? 2e-6 : 1e-13,
          dtype === 'float32' ? 2e-5 : 1e-12,
        )
        const dx = kernelFamilies(backend).fused.logSoftmaxBackward(put(dy, [rows, n], dtype), {
          storage: y,
          shape: [rows, n],
          dtype,
        })
        const wantDx: number[] = []
        for (let r = 0; r < rows; r++) {
          const g = dy.slice(r * n, (r + 1) * n)
          const s = g.reduce((a, b) => a + b, 0)
          wantDx.push(...g.map((v, i) => v - Math.exp(yv[r * n + i]) * s))
        }
        expectClose(
          get({ storage: dx, shape: [rows, n], dtype }),
          wantDx,
          dtype === 'float32' ? 1e-5 : 1e-12,
          1e-5,
        )
      }
    }
  })

  it('logSoftmax gives NaN for rows holding NaN or +inf', () => {
    const out = kernelFamilies(backend).fused.logSoftmax(
      put([1, NaN, 3, 4, 1, 2, Infinity, 0], [2, 4]),
    )
    expect(
      Array.from(get({ storage: out, shape: [2, 4], dtype: 'float32' })).every(Number.isNaN),
    ).toBe(true)
  })
})

describe('storage', () => {
  it('writes, reads, fills and copies every dtype', () => {
    for (const dtype of ['float32', 'float64', 'int32', 'bool'] as const) {
      const x = put([1, 0, 3, 4], [4], dtype)
      expect(Array.from(get(x))).toEqual(dtype === 'bool' ? [1, 0, 1, 1] : [1, 0, 3, 4])
      const filled = backend.fill(5, dtype === 'bool' ? 2 : 7, dtype)
      expect(Array.from(get({ storage: filled, shape: [5], dtype }))).toEqual(
        new Array(5).fill(dtype === 'bool' ? 1 : 7),
      )
      backend.copyInto(filled, x.storage, dtype, 4)
      expect(Array.from(get({ storage: filled, shape: [5], dtype }))).toEqual([
        ...Array.from(get(x)),
        dtype === 'bool' ? 1 : 7,
      ])
    }
  })

  it('counts live bytes and buffers, and frees on dispose', () => {
    const before = backend.memory()
    const x = put(values(1000), [1000])
    expect(backend.memory().bytes - before.bytes).toBe(4000)
    expect(backend.memory().buffers - before.buffers).toBe(1)
    backend.disposeStorage(x.storage)
    expect(backend.memory().bytes).toBe(before.bytes)
    expect(() => backend.disposeStorage(x.storage)).toThrow(/already disposed/)
  })

  it('keeps earlier tensors intact when the memory grows', () => {
    const x = put(values(100), [100])
    const big = backend.fill(16 * 1024 * 1024, 1, 'float32')
    expect(backend.memory().heapGrows).toBeGreaterThan(0)
    expectClose(get(x), values(100).map(f32))
    backend.disposeStorage(big)
  })

  it('says clearly when used before init', () => {
    expect(() => wasmBackend().fill(1, 0, 'float32')).toThrow(
      /not initialised yet; await setBackend\('wasm'\)/,
    )
  })
})

describe('wasmBackend options', () => {
  it('rejects unknown options and a thread count that is not a positive integer', () => {
    expect(() => wasmBackend({ thread: 2 } as object)).toThrow(
      "wasmBackend: unknown option 'thread'; did you mean 'threads'? (known options: threads, name, simd)",
    )
    expect(() => wasmBackend({ threads: 0 })).toThrow(
      'wasmBackend: threads must be an integer >= 1, got 0',
    )
    expect(() => wasmBackend({ threads: 2.5 })).toThrow(
      'wasmBackend: threads must be an integer >= 1, got 2.5',
    )
  })
})
