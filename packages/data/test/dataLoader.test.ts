import { beforeAll, describe, expect, it } from 'vitest'
import { arange, setBackend, tensor, use } from '@othergrad/core'
import { cpuBackend } from '@othergrad/backend-cpu'
import { DataLoader, epochPermutation, TensorDataset } from '../src/index'

describe('DataLoader', () => {
  beforeAll(async () => {
    use(cpuBackend())
    await setBackend('cpu')
  })

  const data = () =>
    new TensorDataset(arange(0, 20, 1, { dtype: 'float32' }).reshape(10, 2), arange(10))

  it('batches in order without shuffling, keeping the short last batch', () => {
    const loader = new DataLoader(data(), { batchSize: 4 })
    const batches = [...loader]
    expect(loader.length).toBe(3)
    expect(batches.map(([x]) => x.shape)).toEqual([
      [4, 2],
      [4, 2],
      [2, 2],
    ])
    expect(batches[2][0].toArraySync()).toEqual([
      [16, 17],
      [18, 19],
    ])
    expect(batches[1][1].toArraySync()).toEqual([4, 5, 6, 7])
    expect(batches[1][1].dtype).toBe('int32')
  })

  it('drops the short last batch with dropLast', () => {
    const loader = new DataLoader(data(), { batchSize: 4, dropLast: true })
    expect([...loader].length).toBe(2)
    expect(loader.length).toBe(2)
  })

  it('shuffles every epoch, reproducibly for a seed, and keeps rows with their labels', () => {
    const a = new DataLoader(data(), { batchSize: 10, shuffle: true, seed: 7 })
    const b = new DataLoader(data(), { batchSize: 10, shuffle: true, seed: 7 })
    const [[xa1, ya1]] = [...a]
    const [[xa2]] = [...a]
    const [[xb1]] = [...b]
    expect(xa1.toArraySync()).toEqual(xb1.toArraySync())
    expect(xa1.toArraySync()).not.toEqual(xa2.toArraySync())
    const labels = ya1.toArraySync() as number[]
    expect([...labels].sort((p, q) => p - q)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    ;(xa1.toArraySync() as number[][]).forEach((row, i) =>
      expect(row).toEqual([2 * labels[i], 2 * labels[i] + 1]),
    )
  })

  it('replays any epoch from its number, so a resumed run sees the same order', () => {
    const loader = new DataLoader(data(), { batchSize: 10, shuffle: true, seed: 3 })
    const first = [...loader]
    expect(first).toHaveLength(1)
    const second = [...loader][0][1].toArraySync()
    const resumed = new DataLoader(data(), { batchSize: 10, shuffle: true, seed: 3 })
    resumed.epoch = 1
    expect([...resumed][0][1].toArraySync()).toEqual(second)
    expect(Array.from(epochPermutation(5, 3, 1))).toEqual(Array.from(epochPermutation(5, 3, 1)))
  })

  it('applies the transform to every batch', () => {
    const loader = new DataLoader(data(), { batchSize: 5, transform: ([x, y]) => [x.div(2), y] })
    expect([...loader][0][0].toArraySync()).toEqual([
      [0, 0.5],
      [1, 1.5],
      [2, 2.5],
      [3, 3.5],
      [4, 4.5],
    ])
  })

  it('stacks samples of a generic dataset', () => {
    const ds = { length: 3, get: (i: number) => [tensor([i, i + 1]), tensor(i * 10)] }
    const [x, y] = [...new DataLoader(ds, { batchSize: 3 })][0]
    expect(x.toArraySync()).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
    ])
    expect(y.toArraySync()).toEqual([0, 10, 20])
  })

  it('explains bad arguments', () => {
    expect(() => new DataLoader(data(), { batchSize: 0 })).toThrow(
      'DataLoader: batchSize should be a positive integer value, but got batchSize=0',
    )
    expect(() => new DataLoader(data(), { batch_size: 4 } as object)).toThrow(
      "DataLoader: unknown option 'batch_size'; did you mean 'batchSize'? (known options: batchSize, shuffle, dropLast, seed, transform)",
    )
    expect(() => new DataLoader(data(), { shuffle: 'true' as unknown as boolean })).toThrow(
      'DataLoader: shuffle must be a boolean, got string',
    )
    expect(() => new DataLoader(data(), { seed: NaN })).toThrow(
      'DataLoader: seed must be an integer, got NaN',
    )
    expect(() => new TensorDataset(arange(3), arange(4))).toThrow(
      'TensorDataset: size mismatch between tensors: tensor 0 has 3 samples, tensor 1 has 4 (shape 4)',
    )
  })
})
