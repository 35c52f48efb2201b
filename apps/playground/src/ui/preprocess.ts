/**
 * A drawing turned into an MNIST-like input, the way the MNIST digits were made: the ink's
 * bounding box scaled to fit 20x20 (aspect kept), then placed in a 28x28 image with its centre
 * of mass at the centre. Without this a digit drawn small or off-centre looks nothing like the
 * training images.
 */

/** Side of the model's input image. */
export const SIDE = 28
const BOX = 20

/**
 * `ink` is `width * height` values in [0, 1] (row-major, 1 = full ink). Returns 784 values in
 * [0, 1]; all zeros when nothing is drawn.
 */
export function toMnistPixels(ink: ArrayLike<number>, width: number, height: number): Float32Array {
  const out = new Float32Array(SIDE * SIDE)
  let top = height
  let bottom = -1
  let left = width
  let right = -1
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (ink[y * width + x] > 0) {
        if (y < top) top = y
        if (y > bottom) bottom = y
        if (x < left) left = x
        if (x > right) right = x
      }
    }
  }
  if (bottom < 0) return out
  const boxW = right - left + 1
  const boxH = bottom - top + 1
  const scale = BOX / Math.max(boxW, boxH)
  const w = Math.max(1, Math.round(boxW * scale))
  const h = Math.max(1, Math.round(boxH * scale))
  // Area-average the bounding box down (or up) to w x h.
  const small = new Float32Array(w * h)
  for (let sy = 0; sy < h; sy++) {
    const y0 = top + (sy * boxH) / h
    const y1 = top + ((sy + 1) * boxH) / h
    for (let sx = 0; sx < w; sx++) {
      const x0 = left + (sx * boxW) / w
      const x1 = left + ((sx + 1) * boxW) / w
      small[sy * w + sx] = areaMean(ink, width, x0, x1, y0, y1)
    }
  }
  // Centre of mass of the small image, placed at the centre of the 28x28 one.
  let mass = 0
  let cx = 0
  let cy = 0
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = small[y * w + x]
      mass += v
      cx += v * (x + 0.5)
      cy += v * (y + 0.5)
    }
  }
  const offsetX = Math.round(SIDE / 2 - cx / mass)
  const offsetY = Math.round(SIDE / 2 - cy / mass)
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const tx = x + offsetX
      const ty = y + offsetY
      if (tx >= 0 && tx < SIDE && ty >= 0 && ty < SIDE)
        out[ty * SIDE + tx] = Math.min(1, small[y * w + x])
    }
  }
  return out
}

/** The mean of `ink` over the rectangle [x0, x1) x [y0, y1), weighting partial pixels. */
function areaMean(
  ink: ArrayLike<number>,
  width: number,
  x0: number,
  x1: number,
  y0: number,
  y1: number,
): number {
  let sum = 0
  for (let y = Math.floor(y0); y < Math.ceil(y1); y++) {
    const wy = Math.min(y + 1, y1) - Math.max(y, y0)
    for (let x = Math.floor(x0); x < Math.ceil(x1); x++) {
      const wx = Math.min(x + 1, x1) - Math.max(x, x0)
      sum += ink[y * width + x] * wx * wy
    }
  }
  return sum / ((x1 - x0) * (y1 - y0))
}
