/**
 * The MNIST digits in the worker: the IDX files fetched from the page's own server (plain or
 * gzip, decoded by @othergrad/data), kept as bytes, and turned into float32 tensors a batch at
 * a time on whichever backend is active.
 */
import { tensor, type Tensor } from '@othergrad/core'
import { decodeIdx } from '@othergrad/data'
import { mnistFromIdx, type MnistIdxSplit, type MnistSplit } from '@othergrad/mnist-app'

export interface MnistData {
  train: MnistIdxSplit
  test: MnistIdxSplit
}

async function fetchIdx(url: string) {
  let response: Response
  try {
    response = await fetch(url)
  } catch (e) {
    throw new Error(`mnist: ${url}: could not be fetched (${(e as Error).message})`)
  }
  if (!response.ok) throw new Error(`mnist: ${url}: HTTP ${response.status} ${response.statusText}`)
  return decodeIdx(new Uint8Array(await response.arrayBuffer()), url)
}

async function fetchSplit(base: string, prefix: 'train' | 't10k', limit?: number) {
  const images = `${base}${prefix}-images-idx3-ubyte`
  const labels = `${base}${prefix}-labels-idx1-ubyte`
  const [x, y] = await Promise.all([fetchIdx(images), fetchIdx(labels)])
  return mnistFromIdx(x, y, { images, labels }, limit)
}

/** Fetches both splits from `base` (a URL ending in '/'), keeping the first `limit`s. */
export async function fetchMnist(
  base: string,
  limits: { train?: number; test?: number } = {},
): Promise<MnistData> {
  const [train, test] = await Promise.all([
    fetchSplit(base, 'train', limits.train),
    fetchSplit(base, 't10k', limits.test),
  ])
  return { train, test }
}

/** `[n, 784]` float32 pixels in [0, 1] of the images at `order[start..start+n)`. */
export function batchPixels(
  split: MnistIdxSplit,
  order: ArrayLike<number>,
  start: number,
  n: number,
) {
  const { pixels, images } = split
  const out = new Float32Array(n * pixels)
  for (let i = 0; i < n; i++) {
    const from = order[start + i] * pixels
    for (let p = 0; p < pixels; p++) out[i * pixels + p] = images[from + p] / 255
  }
  return out
}

/** A batch as tensors on the active backend: pixels `[n, 784]` and int32 labels `[n]`. */
export function batchTensors(
  split: MnistIdxSplit,
  order: ArrayLike<number>,
  start: number,
  n: number,
): [Tensor, Tensor] {
  const labels = new Int32Array(n)
  for (let i = 0; i < n; i++) labels[i] = split.labels[order[start + i]]
  return [
    tensor(batchPixels(split, order, start, n), { shape: [n, split.pixels] }),
    tensor(labels, { dtype: 'int32' }),
  ]
}

/** The whole split as tensors on the active backend (for evaluation). */
export function splitTensors(split: MnistIdxSplit): MnistSplit {
  const inOrder = Int32Array.from({ length: split.count }, (_, i) => i)
  const [images, labels] = batchTensors(split, inOrder, 0, split.count)
  return { images, labels }
}

/** Image `index`'s 784 bytes. */
export function imageBytes(split: MnistIdxSplit, index: number): Uint8Array {
  return split.images.slice(index * split.pixels, (index + 1) * split.pixels)
}
