import { beforeAll, describe, expect, it } from 'vitest'
import { BINARY_OPS, COMPARISON_OPS, numel } from '@othergrad/core/backend'
import type { BinaryOp, Shape } from '@othergrad/core/backend'
import { input, output, random, testStore } from '../../test/gpu'
import type { GpuStore } from '../store'
import { binary } from './binary'
import { where } from './where'
import { BINARY_REFERENCE } from '@othergrad/test-utils/reference'

/** Every pair of these, including NaN, infinities, zeros and negative bases. */
const VALUES = [0, -0, 1, -1, 2, -2, 0.5, -1.5, 3, Infinity, -Infinity, NaN]

function close(got: number, want: number): boolean {
  const w = Math.fround(want)
  if (Number.isNaN(w)) return Number.isNaN(got)
  if (!Number.isFinite(w)) return got === w
  return Math.abs(got - w) <= 2e-7 * Math.abs(w)
}

/** Broadcast reference over NumPy rules. */
function broadcast(
  op: BinaryOp,
  a: number[],
  aShape: Shape,
  b: number[],
  bShape: Shape,
  outShape: Shape,
): number[] {
  const at = (x: number[], shape: Shape, o: number) => {
    let rem = o
    let off = 0
    let stride = 1
    for (let d = outShape.length - 1, s = shape.length - 1; d >= 0; d--, s--) {
      const c = rem % outShape[d]
      rem = Math.floor(rem / outShape[d])
      if (s >= 0) {
        if (shape[s] !== 1) off += c * stride
        stride *= shape[s]
      }
    }
    return x[off]
  }
  return Array.from({ length: numel(outShape) }, (_, o) =>
    BINARY_REFERENCE[op](at(a, aShape, o), at(b, bShape, o)),
  )
}

describe('binary', () => {
  let store: GpuStore
  beforeAll(async () => {
    store = await testStore()
  })

  const n = VALUES.length
  const as = VALUES.flatMap((v) => VALUES.map(() => v))
  const bs = VALUES.flatMap(() => VALUES)
  for (const op of BINARY_OPS) {
    it(`computes ${op} on every pair of special values like torch`, async () => {
      const comparison = COMPARISON_OPS.includes(op)
      const out = binary(store, op, input(store, as, [n * n]), input(store, bs, [n * n]), [n * n])
      const got = await output(store, out, n * n, comparison ? 'bool' : 'float32')
      const bad = as
        .map((a, i) => [a, bs[i], got[i], BINARY_REFERENCE[op](a, bs[i])])
        .filter(([, , g, w]) => !close(g, w))
      expect(bad).toEqual([])
    })
  }

  it('broadcasts through strides', async () => {
    for (const [aShape, bShape, outShape] of [
      [[3, 4], [4], [3, 4]],
      [
        [3, 1],
        [1, 4],
        [3, 4],
      ],
      [
        [2, 1, 4],
        [3, 1],
        [2, 3, 4],
      ],
      [[], [2, 3], [2, 3]],
    ] as Shape[][]) {
      const a = random(numel(aShape), 1)
      const b = random(numel(bShape), 2)
      const out = binary(store, 'sub', input(store, a, aShape), input(store, b, bShape), outShape)
      const got = await output(store, out, numel(outShape))
      expect(got).toEqual(broadcast('sub', a, aShape, b, bShape, outShape).map(Math.fround))
    }
  })

  it('keeps int32 arithmetic exact, truncates division and powers by squaring', async () => {
    const run = async (op: BinaryOp, a: number[], b: number[]) =>
      output(
        store,
        binary(
          store,
          op,
          input(store, a, [a.length], 'int32'),
          input(store, b, [b.length], 'int32'),
          [a.length],
        ),
        a.length,
        'int32',
      )
    expect(await run('add', [2 ** 31 - 2, -(2 ** 31) + 1], [1, -1])).toEqual([
      2 ** 31 - 1,
      -(2 ** 31),
    ])
    expect(await run('sub', [-(2 ** 31) + 1, 2 ** 31 - 2], [1, -1])).toEqual([
      -(2 ** 31),
      2 ** 31 - 1,
    ])
    expect(
      await run('mul', [-65536, 65535, -1, 0], [32768, 32768, 2 ** 31 - 1, -(2 ** 31)]),
    ).toEqual([-(2 ** 31), 65535 * 32768, -(2 ** 31) + 1, 0])
    expect(await run('div', [7, -7, 7], [2, 2, 0])).toEqual([3, -3, 0])
    expect(await run('pow', [3, -2, 2, -1, 5, -2, 7], [4, 3, -1, -3, 0, 31, 11])).toEqual([
      81,
      -8,
      0,
      -1,
      1,
      -(2 ** 31),
      7 ** 11,
    ])
  })

  it('flags int32 results outside int32 on the device and raises at the read', async () => {
    const run = async (op: BinaryOp, a: number[], b: number[]) =>
      output(
        store,
        binary(
          store,
          op,
          input(store, a, [a.length], 'int32'),
          input(store, b, [b.length], 'int32'),
          [a.length],
        ),
        a.length,
        'int32',
      )
    await expect(run('add', [1, 2 ** 31 - 1], [1, 1])).rejects.toThrow(
      'add: integer overflow: 2147483647 + 1 = 2147483648 does not fit int32',
    )
    await expect(run('sub', [-(2 ** 31)], [1])).rejects.toThrow('-2147483648 - 1 = -2147483649')
    await expect(run('mul', [-1], [-(2 ** 31)])).rejects.toThrow('-1 * -2147483648 = 2147483648')
    await expect(run('mul', [-(2 ** 31)], [-1])).rejects.toThrow('-2147483648 * -1 = 2147483648')
    await expect(run('mul', [46341], [46341])).rejects.toThrow('46341 * 46341 = 2147488281')
    await expect(run('pow', [2], [31])).rejects.toThrow(
      'pow: integer overflow: 2 ** 31 = 2147483648',
    )
    await expect(run('pow', [46341], [2])).rejects.toThrow('46341 ** 2 = 2147488281')
    // The flag was reset: later kernels run and read normally.
    expect(await run('add', [1], [2])).toEqual([3])
  })

  it('saturates bool arithmetic', async () => {
    const out = binary(
      store,
      'add',
      input(store, [1, 1, 0], [3], 'bool'),
      input(store, [1, 0, 0], [3], 'bool'),
      [3],
    )
    expect(await output(store, out, 3, 'bool')).toEqual([1, 1, 0])
  })
})

describe('where', () => {
  it('selects through broadcasting, for any dtype', async () => {
    const store = await testStore()
    const cond = input(store, [1, 0, 1], [3, 1], 'bool')
    const a = input(store, [10, 20], [1, 2], 'int32')
    const b = input(store, [-1], [], 'int32')
    const out = where(store, cond, a, b, [3, 2])
    expect(await output(store, out, 6, 'int32')).toEqual([10, 20, -1, -1, 10, 20])
    const f = where(store, cond, input(store, [NaN, 2], [2]), input(store, [5], [1]), [3, 2])
    expect(await output(store, f, 6)).toEqual([NaN, 2, 5, 5, NaN, 2])
  })
})
