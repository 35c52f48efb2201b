import {
  checkNumberOption,
  checkOptionKeys,
  randint,
  stack,
  tensor,
  type Tensor,
} from '@othergrad/core'
import { TensorDataset, type Dataset } from './dataset'

/** `DataLoader`'s options, `torch.utils.data.DataLoader`'s in camelCase. */
export interface DataLoaderOptions {
  batchSize?: number
  /** Reshuffle every epoch (seeded: the same seed gives the same order). */
  shuffle?: boolean
  /** Drop the last batch when it is smaller than `batchSize`. */
  dropLast?: boolean
  /** Shuffle seed; defaults to a draw from core's generator, so `manualSeed` controls it. */
  seed?: number
  /** Applied to every batch (e.g. scaling pixels). */
  transform?: (batch: Tensor[]) => Tensor[]
}

/** A small 32-bit generator (mulberry32), one stream per (seed, epoch) so any epoch can be replayed. */
function generator(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** The sample order of one epoch: Fisher–Yates with a generator derived from (seed, epoch). */
export function epochPermutation(length: number, seed: number, epoch: number): Int32Array {
  const order = new Int32Array(length)
  for (let i = 0; i < length; i++) order[i] = i
  const next = generator(
    Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(epoch + 1, 0xc2b2ae35),
  )
  for (let i = length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1))
    const tmp = order[i]
    order[i] = order[j]
    order[j] = tmp
  }
  return order
}

/**
 * Batches a dataset, like `torch.utils.data.DataLoader`. Each `for ... of` is one epoch; a
 * `TensorDataset` is batched with one `indexSelect` per tensor instead of one copy per sample.
 *
 * @example
 * const loader = new DataLoader(new TensorDataset(x, y), { batchSize: 128, shuffle: true, seed: 0 })
 * for (const [xb, yb] of loader) { ... }
 */
export class DataLoader implements Iterable<Tensor[]> {
  readonly batchSize: number
  readonly seed: number
  /** The epoch the next iteration runs (set it to resume a run mid-way). */
  epoch = 0

  constructor(
    readonly dataset: Dataset<Tensor[]>,
    private readonly options: DataLoaderOptions = {},
  ) {
    checkOptionKeys('DataLoader', options, [
      'batchSize',
      'shuffle',
      'dropLast',
      'seed',
      'transform',
    ])
    for (const key of ['shuffle', 'dropLast'] as const) {
      if (options[key] !== undefined && typeof options[key] !== 'boolean')
        throw new Error(`DataLoader: ${key} must be a boolean, got ${typeof options[key]}`)
    }
    if (options.transform !== undefined && typeof options.transform !== 'function')
      throw new Error(`DataLoader: transform must be a function, got ${typeof options.transform}`)
    if (options.seed !== undefined)
      checkNumberOption('DataLoader', 'seed', options.seed, { integer: true })
    const batchSize = options.batchSize ?? 1
    if (!Number.isInteger(batchSize) || batchSize <= 0) {
      throw new Error(
        `DataLoader: batchSize should be a positive integer value, but got batchSize=${batchSize}`,
      )
    }
    this.batchSize = batchSize
    this.seed = options.seed ?? randint(0, 2 ** 31 - 1, []).itemSync()
  }

  /** Number of batches per epoch. */
  get length(): number {
    const n = this.dataset.length
    return this.options.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize)
  }

  /** The sample order of the current epoch. */
  order(): Int32Array {
    const n = this.dataset.length
    if (this.options.shuffle) return epochPermutation(n, this.seed, this.epoch)
    return Int32Array.from({ length: n }, (_, i) => i)
  }

  /** One epoch: the batches in order, each `[x, y, ...]` with one tensor per dataset tensor. */
  *[Symbol.iterator](): Iterator<Tensor[]> {
    const order = this.order()
    this.epoch++
    const batches = this.length
    for (let b = 0; b < batches; b++) {
      const indices = order.subarray(
        b * this.batchSize,
        Math.min((b + 1) * this.batchSize, order.length),
      )
      const batch = this.collate(indices)
      yield this.options.transform ? this.options.transform(batch) : batch
    }
  }

  private collate(indices: Int32Array): Tensor[] {
    const ds = this.dataset
    if (ds instanceof TensorDataset) {
      const first = ds.tensors[0]
      const index = tensor(indices, { dtype: 'int32', backend: first.backend.name })
      return ds.tensors.map((t) => t.indexSelect(0, index))
    }
    const samples = Array.from(indices, (i) => ds.get(i))
    return samples[0].map((_, k) => stack(samples.map((s) => s[k])))
  }
}
