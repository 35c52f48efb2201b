import { beforeAll, describe, expect, it } from 'vitest'
import { UNARY_OPS } from '@othergrad/core/backend'
import type { UnaryOp } from '@othergrad/core/backend'
import { input, output, random, testStore } from '../../test/gpu'
import type { GpuStore } from '../store'
import { unary } from './unary'
import { UNARY_REFERENCE } from '@othergrad/test-utils/reference'

const EDGES = [0, -0, 1e-30, -1e-30, 1e-6, -1e-6, 0.5, -0.5, 1.5, 2.5, -2.5, 20, -20, 100, -100]
const SPECIAL = [Infinity, -Infinity, NaN]

/** Relative error against max(|expected|, 1e-30), non-finite values matched exactly. */
function worst(got: number[], want: number[]): number {
  let w = 0
  for (let i = 0; i < want.length; i++) {
    const [g, e] = [got[i], Math.fround(want[i])]
    if (!Number.isFinite(e) || !Number.isFinite(g)) {
      if (!(Object.is(g, e) || (Number.isNaN(g) && Number.isNaN(e)) || g === e)) return Infinity
      continue
    }
    w = Math.max(w, Math.abs(g - e) / Math.max(Math.abs(e), 1e-30))
  }
  return w
}

describe('unary', () => {
  let store: GpuStore
  beforeAll(async () => {
    store = await testStore()
  })

  for (const op of UNARY_OPS) {
    it(`computes ${op} to float32 accuracy, edges and non-finite values included`, async () => {
      const xs = [...EDGES, ...SPECIAL, ...random(64, 5).map((v) => Math.fround(v * 8))].map(
        Math.fround,
      )
      const out = op === 'logicalNot' ? 'bool' : 'float32'
      const got = await output(
        store,
        unary(store, op, input(store, xs, [xs.length])),
        xs.length,
        out,
      )
      const want = xs.map(UNARY_REFERENCE[op])
      // Elementary functions get a few ulps; everything else must be exact.
      const exact = ['neg', 'abs', 'sign', 'relu', 'floor', 'ceil', 'round', 'logicalNot', 'square']
      expect(worst(got, want)).toBeLessThanOrEqual(exact.includes(op) ? 0 : 2e-6)
    })
  }

  it('keeps int32 arithmetic exact', async () => {
    const xs = [-(2 ** 31) + 1, -7, 0, 3, 46340]
    const run = async (op: UnaryOp, values = xs) =>
      output(
        store,
        unary(store, op, input(store, values, [values.length], 'int32')),
        values.length,
        'int32',
      )
    expect(await run('neg')).toEqual([2 ** 31 - 1, 7, 0, -3, -46340])
    expect(await run('abs')).toEqual([2 ** 31 - 1, 7, 0, 3, 46340])
    expect(await run('square', xs.slice(1))).toEqual([49, 0, 9, 46340 ** 2])
    expect(await run('sign')).toEqual([-1, -1, 0, 1, 1])
    expect(await run('relu')).toEqual([0, 0, 0, 3, 46340])
    expect(await run('sign', [-(2 ** 31)])).toEqual([-1])
  })

  it('flags int32 results outside int32 on the device and raises at the read', async () => {
    const run = async (op: UnaryOp, values: number[]) =>
      output(
        store,
        unary(store, op, input(store, values, [values.length], 'int32')),
        values.length,
        'int32',
      )
    await expect(run('neg', [1, -(2 ** 31)])).rejects.toThrow(
      'neg: integer overflow: -(-2147483648) = 2147483648 does not fit int32',
    )
    await expect(run('abs', [-(2 ** 31)])).rejects.toThrow('abs(-2147483648) = 2147483648')
    await expect(run('square', [-46341])).rejects.toThrow('-46341 ** 2 = 2147488281')
  })

  it('covers more elements than one grid row of workgroups holds', async () => {
    // 65535 workgroups of 64 is the x limit; one more row of work spills into y.
    const n = 65535 * 64 + 100
    const xs = new Float32Array(n).map((_, i) => i % 1000)
    const got = await output(store, unary(store, 'neg', input(store, xs, [n])), n)
    expect(got[n - 1]).toBe(-((n - 1) % 1000))
    expect(got.every((v, i) => v === -(i % 1000) || (v === 0 && i % 1000 === 0))).toBe(true)
  })
})
