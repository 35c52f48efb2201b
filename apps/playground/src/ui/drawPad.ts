/**
 * The canvas a digit is drawn on: pointer strokes in thick round lines, read back as ink in
 * [0, 1] and turned into the model's 28x28 input (preprocess.ts) after every stroke segment.
 */
import { toMnistPixels } from './preprocess'

const SIZE = 280
const LINE_WIDTH = 22

export class DrawPad {
  private readonly context: CanvasRenderingContext2D
  private last: { x: number; y: number } | null = null
  private scheduled = false

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly onChange: (pixels: Float32Array) => void,
  ) {
    canvas.width = SIZE
    canvas.height = SIZE
    const context = canvas.getContext('2d', { willReadFrequently: true })
    if (!context) throw new Error('draw pad: this browser gives no 2D canvas context')
    this.context = context
    context.lineCap = 'round'
    context.lineJoin = 'round'
    context.lineWidth = LINE_WIDTH
    context.strokeStyle = '#000'
    canvas.addEventListener('pointerdown', (e) => {
      canvas.setPointerCapture(e.pointerId)
      this.last = this.position(e)
      this.segment(this.last)
    })
    canvas.addEventListener('pointermove', (e) => {
      if (this.last) this.segment(this.position(e))
    })
    const end = () => {
      this.last = null
    }
    canvas.addEventListener('pointerup', end)
    canvas.addEventListener('pointercancel', end)
  }

  clear(): void {
    this.context.clearRect(0, 0, SIZE, SIZE)
    this.onChange(new Float32Array(784))
  }

  /** The model's input for what is drawn now. */
  pixels(): Float32Array {
    const { data } = this.context.getImageData(0, 0, SIZE, SIZE)
    const ink = new Float32Array(SIZE * SIZE)
    for (let i = 0; i < ink.length; i++) ink[i] = data[i * 4 + 3] / 255
    return toMnistPixels(ink, SIZE, SIZE)
  }

  private position(e: PointerEvent): { x: number; y: number } {
    const rect = this.canvas.getBoundingClientRect()
    return {
      x: ((e.clientX - rect.left) / rect.width) * SIZE,
      y: ((e.clientY - rect.top) / rect.height) * SIZE,
    }
  }

  private segment(to: { x: number; y: number }): void {
    const from = this.last ?? to
    this.context.beginPath()
    this.context.moveTo(from.x, from.y)
    this.context.lineTo(to.x + 0.01, to.y)
    this.context.stroke()
    this.last = to
    // One prediction per frame however fast the pointer moves.
    if (this.scheduled) return
    this.scheduled = true
    requestAnimationFrame(() => {
      this.scheduled = false
      this.onChange(this.pixels())
    })
  }
}

/** Paints 784 values in [0, 1] (or bytes 0-255) as a 28x28 grey image, ink dark. */
export function paintDigit(
  canvas: HTMLCanvasElement,
  pixels: ArrayLike<number>,
  bytes: boolean,
): void {
  canvas.width = 28
  canvas.height = 28
  const context = canvas.getContext('2d')
  if (!context) return
  const image = context.createImageData(28, 28)
  for (let i = 0; i < 784; i++) {
    const ink = bytes ? pixels[i] / 255 : pixels[i]
    const v = Math.round(255 * (1 - Math.min(1, Math.max(0, ink))))
    image.data[i * 4] = v
    image.data[i * 4 + 1] = v
    image.data[i * 4 + 2] = v
    image.data[i * 4 + 3] = 255
  }
  context.putImageData(image, 0, 0)
}
