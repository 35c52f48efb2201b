import type { ArgReduceOp } from '@othergrad/core/backend'
import { describe, expect, it } from 'vitest'
import { numel, randomInts, ravel, unravel } from '../test/reference'
import { argReduceImpl } from './argReduce'

/** First index of the max (or min), with NaN beating everything, as torch does. */
function naiveArg(op: ArgReduceOp, x: ArrayLike<number>, shape: number[], axis: number): number[] {
  const outShape = shape.filter((_, d) => d !== axis)
  const out: number[] = []
  for (let o = 0; o < numel(outShape); o++) {
    const idx = unravel(o, outShape)
    let best = 0
    for (let j = 0; j < shape[axis]; j++) {
      const full = [...idx.slice(0, axis), j, ...idx.slice(axis)]
      const bestFull = [...idx.slice(0, axis), best, ...idx.slice(axis)]
      const v = x[ravel(full, shape)]
      const b = x[ravel(bestFull, shape)]
      if (Number.isNaN(b)) break
      if (Number.isNaN(v) || (op === 'argmax' ? v > b : v < b)) best = j
    }
    out.push(best)
  }
  return out
}

function run(op: ArgReduceOp, x: number[], shape: number[], axis: number): number[] {
  const out = new Int32Array(numel(shape.filter((_, d) => d !== axis)))
  argReduceImpl(op, Float64Array.from(x), shape, axis, out)
  return Array.from(out)
}

describe('argReduceImpl', () => {
  // Small integers make ties common, so first-occurrence matters.
  const x = randomInts(24, 11)
  for (const op of ['argmax', 'argmin'] as const) {
    for (const axis of [0, 1, 2]) {
      it(`${op} along axis ${axis} of 2x3x4 matches a naive scan`, () => {
        expect(run(op, x, [2, 3, 4], axis)).toEqual(naiveArg(op, x, [2, 3, 4], axis))
      })
    }
  }

  it('returns the first occurrence of a tie', () => {
    expect(run('argmax', [1, 3, 3, 0], [4], 0)).toEqual([1])
    expect(run('argmin', [2, 0, 5, 0], [4], 0)).toEqual([1])
    expect(run('argmax', [7, 7, 7, 7], [2, 2], 0)).toEqual([0, 0])
  })

  it('returns the first NaN for argmax and argmin, as torch does', () => {
    expect(run('argmax', [1, NaN, 5, NaN], [4], 0)).toEqual([1])
    expect(run('argmin', [1, NaN, 0, NaN], [4], 0)).toEqual([1])
    // Outer axis: columns scanned in parallel.
    expect(run('argmax', [1, 2, NaN, 0, 9, NaN, NaN, 9], [4, 2], 0)).toEqual([1, 2])
    expect(run('argmin', [1, 2, NaN, 0, -9, NaN, NaN, -9], [4, 2], 0)).toEqual([1, 2])
  })

  it('handles infinities', () => {
    expect(run('argmax', [-Infinity, -Infinity], [2], 0)).toEqual([0])
    expect(run('argmin', [3, Infinity, -Infinity], [3], 0)).toEqual([2])
  })

  it('returns early for an empty output', () => {
    expect(run('argmax', [], [0, 3], 1)).toEqual([])
  })

  it('gives 0 for a 0-d tensor', () => {
    expect(run('argmax', [5], [], 0)).toEqual([0])
  })

  it('reads int32 input', () => {
    const out = new Int32Array(2)
    argReduceImpl('argmin', Int32Array.of(3, -1, 4, 1, 5, -9), [2, 3], 1, out)
    expect(Array.from(out)).toEqual([1, 2])
  })
})
