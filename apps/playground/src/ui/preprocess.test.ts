import { describe, expect, it } from 'vitest'
import { SIDE, toMnistPixels } from './preprocess'

/** A `size` x `size` canvas with ink on the rectangle [x0, x1) x [y0, y1). */
function canvas(size: number, x0: number, x1: number, y0: number, y1: number): Float32Array {
  const ink = new Float32Array(size * size)
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) ink[y * size + x] = 1
  return ink
}

function bounds(pixels: Float32Array) {
  const rows: number[] = []
  const cols: number[] = []
  pixels.forEach((v, i) => {
    if (v > 0) {
      rows.push(Math.floor(i / SIDE))
      cols.push(i % SIDE)
    }
  })
  return {
    top: Math.min(...rows),
    bottom: Math.max(...rows),
    left: Math.min(...cols),
    right: Math.max(...cols),
  }
}

describe('toMnistPixels', () => {
  it('gives zeros for an empty drawing', () => {
    expect(toMnistPixels(new Float32Array(100 * 100), 100, 100)).toEqual(new Float32Array(784))
  })

  it('scales the ink to fill 20 pixels and centres it, wherever it was drawn', () => {
    // A tall bar in a corner: 20 high after scaling, centred at (14, 14).
    const out = toMnistPixels(canvas(280, 10, 30, 0, 100), 280, 280)
    expect(out).toHaveLength(784)
    expect(bounds(out)).toEqual({ top: 4, bottom: 23, left: 12, right: 15 })
    expect(Math.max(...out)).toBe(1)
  })

  it('keeps the aspect ratio of a wide stroke', () => {
    const out = toMnistPixels(canvas(280, 100, 200, 140, 150), 280, 280)
    expect(bounds(out)).toEqual({ top: 13, bottom: 14, left: 4, right: 23 })
  })

  it('averages partial coverage when scaling down', () => {
    // A 40x40 square of ink at half strength scales to 20x20 of 0.5.
    const ink = canvas(80, 20, 60, 20, 60).map((v) => v * 0.5)
    const out = toMnistPixels(ink, 80, 80)
    expect(bounds(out)).toEqual({ top: 4, bottom: 23, left: 4, right: 23 })
    expect(out[14 * SIDE + 14]).toBeCloseTo(0.5, 6)
  })
})
