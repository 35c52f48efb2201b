import { beforeAll, describe, expect, it } from 'vitest'
import { numel } from '@othergrad/core/backend'
import type { MatmulAttrs, Shape } from '@othergrad/core/backend'
import { input, maxError, output, random, testStore } from '../../test/gpu'
import type { GpuStore } from '../store'
import { linear } from './linear'
import { matmul, tileFor, type MatmulPath } from './matmul'

/** Naive batched `op(a) @ op(b)` in doubles, batch dims broadcast. */
function reference(
  a: number[],
  aShape: Shape,
  b: number[],
  bShape: Shape,
  { transposeA, transposeB }: MatmulAttrs,
  outShape: Shape,
): number[] {
  const r = outShape.length
  const [m, n] = [outShape[r - 2], outShape[r - 1]]
  const k = transposeA ? aShape[r - 2] : aShape[r - 1]
  const batch = outShape.slice(0, r - 2)
  const out: number[] = []
  for (let t = 0; t < numel(batch); t++) {
    let ia = 0
    let ib = 0
    let rem = t
    let sa = 1
    let sb = 1
    for (let d = batch.length - 1; d >= 0; d--) {
      const c = rem % batch[d]
      rem = Math.floor(rem / batch[d])
      if (aShape[d] !== 1) ia += c * sa
      if (bShape[d] !== 1) ib += c * sb
      sa *= aShape[d]
      sb *= bShape[d]
    }
    const aOff = ia * m * k
    const bOff = ib * k * n
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0
        for (let p = 0; p < k; p++) {
          const av = transposeA ? a[aOff + p * m + i] : a[aOff + i * k + p]
          const bv = transposeB ? b[bOff + j * k + p] : b[bOff + p * n + j]
          s += av * bv
        }
        out.push(s)
      }
    }
  }
  return out
}

async function check(
  store: GpuStore,
  batchA: number[],
  batchB: number[],
  m: number,
  k: number,
  n: number,
  attrs: MatmulAttrs,
  path: MatmulPath,
): Promise<void> {
  const aShape = [...batchA, ...(attrs.transposeA ? [k, m] : [m, k])]
  const bShape = [...batchB, ...(attrs.transposeB ? [n, k] : [k, n])]
  const outShape = [...batchA.map((s, i) => Math.max(s, batchB[i])), m, n]
  const a = random(numel(aShape), 1)
  const b = random(numel(bShape), 2)
  const out = matmul(store, input(store, a, aShape), input(store, b, bShape), attrs, outShape, path)
  const got = await output(store, out, numel(outShape))
  expect(maxError(got, reference(a, aShape, b, bShape, attrs, outShape))).toBeLessThan(1e-5)
}

const FLAGS: MatmulAttrs[] = [
  { transposeA: false, transposeB: false },
  { transposeA: true, transposeB: false },
  { transposeA: false, transposeB: true },
  { transposeA: true, transposeB: true },
]
const name = (f: MatmulAttrs) => `${f.transposeA ? 'T' : 'N'}${f.transposeB ? 'T' : 'N'}`

describe('matmul', () => {
  let store: GpuStore
  beforeAll(async () => {
    store = await testStore()
  })

  for (const flags of FLAGS) {
    it(`tiles ${name(flags)} with ragged edges`, async () => {
      await check(store, [], [], 70, 45, 93, flags, 'tiled')
    })
    it(`runs the plain kernel ${name(flags)}`, async () => {
      await check(store, [], [], 5, 7, 3, flags, 'plain')
    })
    it(`broadcasts batch dims ${name(flags)} in both kernels`, async () => {
      await check(store, [2, 1, 3], [1, 4, 3], 33, 17, 20, flags, 'tiled')
      await check(store, [2, 1, 3], [1, 4, 3], 6, 5, 4, flags, 'plain')
    })
  }

  it('picks the tiled kernel for large products on its own', async () => {
    await check(store, [3], [1], 64, 64, 64, FLAGS[0], 'auto')
  })

  it('gives zeros for k = 0 and nothing for empty outputs', async () => {
    const out = matmul(store, input(store, [], [3, 0]), input(store, [], [0, 2]), FLAGS[0], [3, 2])
    expect(await output(store, out, 6)).toEqual([0, 0, 0, 0, 0, 0])
    const empty = matmul(
      store,
      input(store, [], [0, 3]),
      input(store, random(6), [3, 2]),
      FLAGS[0],
      [0, 2],
    )
    expect(await output(store, empty, 0)).toEqual([])
  })

  it('multiplies int32 exactly', async () => {
    const a = [1, 2, 3, 4, 5, 6]
    const out = matmul(
      store,
      input(store, a, [2, 3], 'int32'),
      input(store, a, [3, 2], 'int32'),
      FLAGS[0],
      [2, 2],
    )
    expect(await output(store, out, 4, 'int32')).toEqual([22, 28, 49, 64])
  })

  it('fuses the bias of linear, in both kernels', async () => {
    for (const [rows, inF, outF, path] of [
      [40, 30, 20, 'tiled'],
      [3, 4, 5, 'plain'],
    ] as const) {
      const x = random(rows * inF, 3)
      const w = random(outF * inF, 4)
      const bias = random(outF, 5)
      const got = await output(
        store,
        linear(
          store,
          input(store, x, [rows, inF]),
          input(store, w, [outF, inF]),
          input(store, bias, [outF]),
          path,
        ),
        rows * outF,
      )
      const want = reference(x, [rows, inF], w, [outF, inF], FLAGS[2], [rows, outF]).map(
        (v, i) => v + bias[i % outF],
      )
      expect(maxError(got, want)).toBeLessThan(1e-5)
    }
  })
})

describe('matmul on a small device', () => {
  it('shrinks its tiles to the compatibility defaults and still multiplies', async () => {
    const store = await testStore({ defaultLimits: true })
    expect(tileFor(store.rt).threads).toBeLessThanOrEqual(
      Math.floor(Math.sqrt(store.rt.limits.maxComputeInvocationsPerWorkgroup)),
    )
    for (const flags of FLAGS) await check(store, [2], [2], 50, 40, 30, flags, 'tiled')
  })

  it('falls back to matmul + add for linear with fewer than four storage buffers', async () => {
    const store = await testStore({ limits: { maxStorageBuffersPerShaderStage: 3 } })
    const x = random(12, 6)
    const w = random(8, 7)
    const bias = [1, 2]
    const got = await output(
      store,
      linear(store, input(store, x, [3, 4]), input(store, w, [2, 4]), input(store, bias, [2])),
      6,
    )
    const want = reference(x, [3, 4], w, [2, 4], FLAGS[2], [3, 2]).map((v, i) => v + bias[i % 2])
    expect(maxError(got, want)).toBeLessThan(1e-5)
    expect(store.memory().buffers).toBe(4)
  })
})
