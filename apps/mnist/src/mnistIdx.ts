import type { IdxTensor } from '@othergrad/data'

/** A decoded MNIST split: `count` images of `pixels` bytes each (0-255) and their digits. */
export interface MnistIdxSplit {
  count: number
  /** Pixels per image (784 for 28x28). */
  pixels: number
  /** `count * pixels` bytes, row-major images one after another. */
  images: Uint8Array
  /** `count` digits 0-9. */
  labels: Int32Array
}

/**
 * Checks a pair of decoded IDX files (images `[n, rows, cols]` of bytes, labels `[n]` of digits)
 * and keeps the first `limit` images. Errors name the sources (file names or URLs).
 */
export function mnistFromIdx(
  images: IdxTensor,
  labels: IdxTensor,
  sources: { images: string; labels: string },
  limit?: number,
): MnistIdxSplit {
  if (images.shape.length !== 3)
    throw new Error(
      `mnist: ${sources.images}: expected 3 dims [n, rows, cols], got [${images.shape.join(', ')}]`,
    )
  if (!(images.data instanceof Uint8Array))
    throw new Error(`mnist: ${sources.images}: expected unsigned byte pixels (IDX type 0x08)`)
  if (labels.shape.length !== 1)
    throw new Error(
      `mnist: ${sources.labels}: expected 1 dim [n], got [${labels.shape.join(', ')}]`,
    )
  if (images.shape[0] !== labels.shape[0]) {
    throw new Error(
      `mnist: ${sources.images} has ${images.shape[0]} images but ${sources.labels} has ${labels.shape[0]} labels`,
    )
  }
  const count = Math.min(images.shape[0], limit ?? Infinity)
  const pixels = images.shape[1] * images.shape[2]
  const digits = Int32Array.from(labels.data.subarray(0, count))
  const bad = digits.findIndex((c) => c < 0 || c > 9)
  if (bad !== -1)
    throw new Error(
      `mnist: ${sources.labels}: label ${digits[bad]} at index ${bad} is not a digit 0-9`,
    )
  return { count, pixels, images: images.data.subarray(0, count * pixels), labels: digits }
}
