import { expect } from 'vitest'
import { arange, full, randint, randn, tensor, zeros } from '@othergrad/core'
import { property, throws, type ConformanceCase } from '../case'

export const tensorCases: ConformanceCase[] = [
  throws('tensor', 'rejects a shape option with the wrong number of elements for nested data', () => tensor([1, 2, 3], { shape: [2, 2] }), /shape \[2, 2\] needs 4 elements, but the data has 3/),
  throws('tensor', 'rejects a shape option with the wrong number of elements for a typed array', () => tensor(new Float32Array(3), { shape: [2, 2] }), /shape \[2, 2\] needs 4 elements, but the data has 3/),
  throws('tensor', 'rejects negative dims in the shape option', () => tensor(new Float32Array(4), { shape: [-2, -2] }), /shape dims must be non-negative integers, got \[-2, -2\]/),
  throws('tensor', 'rejects fractional dims in the shape option', () => tensor([1, 2], { shape: [2.5, 1.6] }), /shape dims must be non-negative integers, got \[2.5, 1.6\]/),
  throws('tensor', 'rejects a shape option that is not an array', () => tensor([1, 2], { shape: '2' as unknown as number[] }), /shape must be an array of non-negative integers, got '2'/),
  throws('randn', 'rejects a shape with more elements than a tensor can hold', () => randn([1e5, 1e5]), /randn: shape \[100000, 100000\] has 10000000000 elements, more than the 2147483647 one tensor can hold/),
  throws('randint', 'rejects a shape with more elements than a tensor can hold', () => randint(0, 5, [1e5, 1e5]), /randint: shape \[100000, 100000\] has 10000000000 elements/),
  throws('tensor', 'rejects an int32 value outside int32 instead of wrapping', () => tensor([3e9], { dtype: 'int32' }), /tensor: value 3000000000 is out of range for int32 \(expected \[-2147483648, 2147483647\]; othergrad's int64 is int32 and never wraps\)/),
  throws('tensor', 'rejects NaN for an int32 tensor instead of storing 0', () => tensor([NaN], { dtype: 'int32' }), /tensor: cannot convert NaN to int32/),
  throws('tensor', 'rejects Infinity in a float array made int32, naming its index', () => tensor(new Float32Array([1, Infinity]), { dtype: 'int32' }), /value Infinity \(index 1\) is out of range for int32/),
  throws('tensor', "rejects an 'int64' value outside int32", () => tensor([-(2 ** 31) - 1], { dtype: 'int64' }), /value -2147483649 is out of range for int32/),
  throws('tensor', 'rejects an unknown dtype, listing the known ones', () => tensor([1], { dtype: 'int16x' as 'int32' }), /unknown dtype 'int16x'; expected float32, float64, int32 \(or int64\/long\), int16, int8, uint8, bool/),
  throws('arange', 'rejects an int32 range that would wrap', () => arange(2 ** 31 - 1, 2 ** 31 + 2), /arange: last value 2147483649 is out of range for int32/),
  throws('randint', 'rejects bounds outside int32 instead of wrapping', () => randint(0, 2 ** 40, [3]), /randint: \[0, 1099511627776\) is out of range for int32 \(low must be at least -2147483648 and high at most 2147483648/),
  throws('full', 'rejects an int fill value outside int32', () => full([2], 3e9, { dtype: 'long' }), /full: fill value 3000000000 is out of range for int32/),
  throws('full', 'rejects a NaN fill value for an int tensor', () => full([2], NaN, { dtype: 'int32' }), /full: cannot convert NaN to int32/),
  throws('fill_', 'rejects a fill value outside int32', () => zeros([2], { dtype: 'int32' }).fill_(2 ** 31), /fill_: fill value 2147483648 is out of range for int32/),
  throws('add', 'rejects a scalar operand outside int32 for an int32 tensor', () => tensor([1], { dtype: 'int32' }).add(3e9), /add: scalar 3000000000 is out of range for int32/),
  throws('zeros', 'rejects an unknown option, suggesting the known one', () => zeros([2], { requires_grad: true } as object), /zeros: unknown option 'requires_grad'; did you mean 'requiresGrad'\? \(known options: dtype, requiresGrad, backend\)/),
  throws('tensor', 'rejects a requiresGrad that is not a boolean', () => tensor([1], { requiresGrad: 'yes' as unknown as boolean }), /tensor: requiresGrad must be a boolean, got 'yes'/),
  throws('randn', 'rejects a shape option outside tensor()', () => randn([2], { shape: [2] } as object), /randn: unknown option 'shape'/),
  property('tensor', "creates int32 tensors for PyTorch's 'int64' and 'long'", async (ctx) => {
    const a = tensor([1, 2.7, -2.7], { dtype: 'int64', backend: ctx.backend })
    expect(a.dtype).toBe('int32')
    expect(await a.toArray()).toEqual([1, 2, -2])
    expect(full([2], 2 ** 31 - 1, { dtype: 'long' }).dtype).toBe('int32')
    expect(arange(-(2 ** 31), -(2 ** 31) + 2).dtype).toBe('int32')
    expect(ctx.tensor([1.5, -3]).cast('long').dtype).toBe('int32')
    expect(await ctx.tensor([1.5, -3]).long().toArray()).toEqual([1, -3])
  }),
  property('tensor', 'keeps a Uint8Array of pixels uint8, values and all, and pixels / 255 is float32', async (ctx) => {
    const pixels = tensor(new Uint8Array([0, 1, 128, 255]), { shape: [2, 2], backend: ctx.backend })
    expect(pixels.dtype).toBe('uint8')
    expect(await pixels.toArray()).toEqual([[0, 1], [128, 255]])
    const scaled = pixels.div(255)
    expect(scaled.dtype).toBe('float32')
    await ctx.expectClose(scaled.cast(ctx.dtype), [[0, Math.fround(1 / 255)], [Math.fround(128 / 255), 1]])
    expect(pixels.sum().dtype).toBe('int32')
    expect(await pixels.sum().item()).toBe(384)
  }),
  property('tensor', 'keeps the type and values of every typed array it can hold', async (ctx) => {
    const backend = ctx.backend
    const cases: [ArrayBufferView, string, number[]][] = [
      [new Int8Array([-128, 127]), 'int8', [-128, 127]],
      [new Int16Array([-32768, 32767]), 'int16', [-32768, 32767]],
      [new Uint8ClampedArray([0, 255]), 'uint8', [0, 255]],
      [new Uint16Array([0, 65535]), 'int32', [0, 65535]],
      [new Uint32Array([0, 2 ** 31 - 1]), 'int32', [0, 2 ** 31 - 1]],
      [new BigInt64Array([-5n, 2n ** 31n - 1n]), 'int32', [-5, 2 ** 31 - 1]],
    ]
    expect(await ctx.tensor([255.5, 0.9]).byte().toArray()).toEqual([255, 0])
    expect(await ctx.tensor([127, -128.5]).char().toArray()).toEqual([127, -128])
    expect((await ctx.tensor([32767]).short().toArray())).toEqual([32767])
    for (const [data, dtype, values] of cases) {
      const t = tensor(data as unknown as Int32Array, { backend })
      expect(t.dtype).toBe(dtype)
      expect(Array.from(await t.data())).toEqual(values)
    }
  }),
  property('tensor', 'answers tolist() as PyTorch does: nested arrays, a number for 0-d, booleans for bool', async (ctx) => {
    expect(await ctx.tensor([[1, 2], [3, 4]]).tolist()).toEqual([[1, 2], [3, 4]])
    expect(await ctx.tensor(2.5).tolist()).toBe(2.5)
    expect(await ctx.tensor([1, 0]).gt(0).tolist()).toEqual([true, false])
    const t = ctx.tensor([[5], [6]])
    if (t.backend.readSync) expect(t.tolistSync()).toEqual([[5], [6]])
  }),
  property('tensor', 'copies a typed array of its own dtype, as torch.tensor does (no alias)', async (ctx) => {
    for (const data of [new Float32Array([1, 2, 3]), new Int32Array([4, 5, 6]), new Uint8Array([7, 8, 9])]) {
      const t = tensor(data, { backend: ctx.backend })
      data[0] = 100
      expect(Array.from(await t.data())[0]).toBe(data instanceof Float32Array ? 1 : data instanceof Int32Array ? 4 : 7)
    }
    const flags = new Uint8Array([2, 0])
    expect(await tensor(flags, { dtype: 'bool', backend: ctx.backend }).toArray()).toEqual([true, false])
  }),
  throws('tensor', 'rejects a Uint32Array value that int32 cannot hold', () => tensor(new Uint32Array([1, 2 ** 31])), /tensor: value 2147483648 \(index 1\) is out of range for int32/),
  throws('tensor', 'rejects a BigInt64Array value that int32 cannot hold', () => tensor(new BigInt64Array([2n ** 40n]) as unknown as Int32Array), /tensor: value 1099511627776 is out of range for int32/),
  throws('tensor', 'rejects a value outside uint8 for a uint8 tensor', () => tensor([256], { dtype: 'uint8' }), /tensor: value 256 is out of range for uint8 \(expected \[0, 255\]; othergrad's integers never wrap\)/),
  throws('add', 'rejects a scalar outside uint8 for a uint8 tensor', () => tensor(new Uint8Array([1])).add(300), /add: scalar 300 is out of range for uint8/),
  property('tensor', 'reshapes nested data to a shape option with as many elements', async () => {
    expect(await tensor([1, 2, 3, 4], { shape: [2, 2] }).toArray()).toEqual([[1, 2], [3, 4]])
  }),
]
