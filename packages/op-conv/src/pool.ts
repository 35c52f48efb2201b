/** Pooling arguments as PyTorch's `F.max_pool2d` / `F.avg_pool2d` take and check them. */
import { formatSize, outSize, pair, type Pair, type WindowAttrs } from './geometry'

export interface PoolAttrs extends WindowAttrs {
  /** Output sizes rounded up, so a partial window at the end still makes an output. */
  readonly ceilMode: boolean
}

/** The window of a pooling call; `stride` defaults to the kernel size. */
export function poolAttrs(
  op: string,
  shape: readonly number[],
  kernelSize: Pair,
  stride: Pair | null | undefined,
  padding: Pair,
  dilation: Pair,
  ceilMode: boolean,
): PoolAttrs {
  const kernel = pair(op, 'kernel_size', kernelSize, 1)
  const s = stride === null || stride === undefined ? kernel : pair(op, 'stride', stride, 1)
  const p = pair(op, 'padding', padding, 0)
  const d = pair(op, 'dilation', dilation, 1)
  for (let i = 0; i < 2; i++) {
    if (p[i] > Math.floor(kernel[i] / 2)) {
      throw new Error(
        `${op}: pad should be at most half of effective kernel size, but got pad=${p[i]}, kernel_size=${kernel[i]} and dilation=${d[i]}`,
      )
    }
  }
  const attrs: PoolAttrs = { kernel, stride: s, padBefore: p, padAfter: p, dilation: d, ceilMode }
  const [c, h, w] = shape.slice(-3)
  const [oh, ow] = outSize(h, w, attrs, ceilMode)
  if (oh < 1 || ow < 1) {
    throw new Error(
      `${op}: Given input size: (${c}x${h}x${w}). Calculated output size: (${c}x${oh}x${ow}). Output size is too small (input ${formatSize(shape)})`,
    )
  }
  return attrs
}
