import { expect } from 'vitest'
import { randint, randn, tensor } from '@othergrad/core'
import { property, throws, type ConformanceCase } from '../case'

export const tensorCases: ConformanceCase[] = [
  throws('tensor', 'rejects a shape option with the wrong number of elements for nested data', () => tensor([1, 2, 3], { shape: [2, 2] }), /shape \[2, 2\] needs 4 elements, but the data has 3/),
  throws('tensor', 'rejects a shape option with the wrong number of elements for a typed array', () => tensor(new Float32Array(3), { shape: [2, 2] }), /shape \[2, 2\] needs 4 elements, but the data has 3/),
  throws('tensor', 'rejects negative dims in the shape option', () => tensor(new Float32Array(4), { shape: [-2, -2] }), /shape dims must be non-negative integers, got \[-2, -2\]/),
  throws('tensor', 'rejects fractional dims in the shape option', () => tensor([1, 2], { shape: [2.5, 1.6] }), /shape dims must be non-negative integers, got \[2.5, 1.6\]/),
  throws('tensor', 'rejects a shape option that is not an array', () => tensor([1, 2], { shape: '2' as unknown as number[] }), /shape must be an array of non-negative integers, got '2'/),
  throws('randn', 'rejects a shape with more elements than a tensor can hold', () => randn([1e5, 1e5]), /randn: shape \[100000, 100000\] has 10000000000 elements, more than the 2147483647 one tensor can hold/),
  throws('randint', 'rejects a shape with more elements than a tensor can hold', () => randint(0, 5, [1e5, 1e5]), /randint: shape \[100000, 100000\] has 10000000000 elements/),
  property('tensor', 'reshapes nested data to a shape option with as many elements', async () => {
    expect(await tensor([1, 2, 3, 4], { shape: [2, 2] }).toArray()).toEqual([[1, 2], [3, 4]])
  }),
]
