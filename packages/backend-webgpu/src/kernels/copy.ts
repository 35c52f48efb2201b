import { collapse } from '@othergrad/kernels-js'
import type { Binding } from '../runtime'
import { WORKGROUP } from '../shaders/common'
import { copyShader } from '../shaders/copy'
import type { GpuStore } from '../store'

/**
 * Records the strided copy of a `shape` block from `src` (at `srcBase`, `srcStrides`) into `dst`
 * (at `dstBase`, `dstStrides`): the body of permute, expand, slice, pad and concat.
 */
export function copyBlock(
  store: GpuStore,
  src: Binding,
  srcBase: number,
  srcStrides: readonly number[],
  dst: Binding,
  dstBase: number,
  dstStrides: readonly number[],
  shape: readonly number[],
): void {
  let n = 1
  for (const s of shape) n *= s
  if (n === 0) return
  const layout = collapse(shape, [srcStrides, dstStrides])
  const rank = layout.shape.length
  const [ss, ds] = layout.strides
  // A contiguous run on both sides is a plain buffer copy (when offsets allow it).
  if (rank === 1 && ss[0] === 1 && ds[0] === 1 && srcBase === 0) {
    store.rt.copy(src.buffer, dst.buffer, n * 4, dstBase * 4)
    return
  }
  const { groups, span } = store.rt.grid(n, WORKGROUP)
  store.rt.dispatch(
    copyShader(rank),
    [n, span, srcBase, dstBase, ...layout.shape, ...ss, ...ds],
    [src, dst],
    groups,
  )
}
