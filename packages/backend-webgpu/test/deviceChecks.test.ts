import { beforeAll, describe, expect, it } from 'vitest'
import {
  crossEntropy,
  getBackend,
  randn,
  scatterAdd,
  setBackend,
  tensor,
  use,
  zeros,
} from '@othergrad/core'
import { nodeWebgpuBackend } from '../src/node'

// Index checks on the GPU, like CUDA's device-side asserts: no stall at the op, an error naming
// the op and the bad index at the next read or sync, and nothing computed since read as valid.
describe('device-side index checks', () => {
  beforeAll(async () => {
    use(nodeWebgpuBackend())
    await setBackend('webgpu')
  })

  const int = (values: number[] | number[][]) => tensor(values, { dtype: 'int32' })

  it('raises for a cross-entropy target out of range instead of returning a loss', async () => {
    const logits = randn([2, 3], { requiresGrad: true })
    const loss = crossEntropy(logits, int([5, 1]))
    await expect(loss.item()).rejects.toThrow(
      'nllLoss: target 5 is out of bounds (expected a class index in [0, 3) or ignoreIndex -100) (checked on the GPU and reported at the next read; tensors computed or used since are invalid)',
    )
    // The loss and what was used with it stay invalid; new work is fine.
    await expect(loss.item()).rejects.toThrow(
      /^webgpu: this tensor was computed or used after a kernel failed its device-side check \(nllLoss: target 5 is out of bounds/,
    )
    const fresh = randn([2, 3])
    expect(await crossEntropy(fresh, int([2, -100])).item()).toBeGreaterThan(0)
  })

  it('names gather, indexSelect and scatterAdd and the bad index, at a read or a sync', async () => {
    const x = randn([2, 3])
    const gathered = x.gather(1, int([[0], [-1]]))
    await expect(gathered.data()).rejects.toThrow(
      'gather: index -1 is out of bounds for dimension 1 with size 3',
    )
    x.indexSelect(0, int([1, 2]))
    await expect(getBackend().sync!()).rejects.toThrow(
      'indexSelect: index 2 is out of bounds for dimension 0 with size 2',
    )
    const added = scatterAdd(zeros([2, 3]), 0, int([[0, 7, 1]]), randn([1, 3]))
    await expect(added.data()).rejects.toThrow(
      'scatterAdd: index 7 is out of bounds for dimension 0 with size 2',
    )
    const fine = randn([4])
    expect(Array.from(await fine.data())).toHaveLength(4)
  })

  it('poisons what is computed from an invalid tensor after the failure too', async () => {
    const x = randn([2, 3])
    const bad = x.gather(1, int([[3], [0]]))
    await expect(getBackend().sync!()).rejects.toThrow('gather: index 3 is out of bounds')
    await expect(bad.mul(2).sum().item()).rejects.toThrow(/computed or used after a kernel failed/)
  })

  it('raises for an int32 sum outside int32 instead of wrapping, serial and cooperative', async () => {
    const big = tensor([2 ** 31 - 1, 1, 5], { dtype: 'int64' })
    await expect(big.sum().item()).rejects.toThrow(
      'sum: integer overflow: the result 2147483653 of a tensor of shape 3 (int32) does not fit int32',
    )
    const long = tensor(new Int32Array(1000).fill(-(2 ** 30)))
    await expect(long.sum().item()).rejects.toThrow(
      'sum: integer overflow: the result -1073741824000',
    )
    // Partial sums may leave int32 as long as the result does not, as in int64 PyTorch.
    expect(
      await tensor([2 ** 31 - 1, 1, -1], { dtype: 'int32' })
        .sum()
        .item(),
    ).toBe(2 ** 31 - 1)
    const rows = tensor(
      [
        [2 ** 31 - 1, -5],
        [1, -1],
      ],
      { dtype: 'int32' },
    )
    expect(Array.from(await rows.sum(1).data())).toEqual([2 ** 31 - 6, 0])
  })
})
