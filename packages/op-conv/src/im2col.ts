/**
 * im2col written with core ops, for the composites: one `indexSelect` of the input (with one
 * padding slot appended to each plane) by a cached table of window positions, and its adjoint,
 * one `scatterAdd`. Every backend runs these, so the composites run everywhere.
 */
import { cat, full, keep, scatterAdd, tensor, zeros, type Tensor } from '@othergrad/core'
import { windowTable, type WindowAttrs } from './geometry'

const tables = new Map<string, Tensor>()

/** The window table of `attrs` over `[h, w]` as an int32 tensor on `backend`, made once. */
export function windowIndex(
  backend: string,
  h: number,
  w: number,
  attrs: WindowAttrs,
  out: readonly [number, number],
): Tensor {
  const { kernel: k, stride: s, padBefore: p, dilation: d } = attrs
  const key = `${backend}|${h},${w}|${k.join()}|${s.join()}|${p.join()}|${d.join()}|${out.join()}`
  let t = tables.get(key)
  if (t === undefined || t.isDisposed) {
    // Kept out of every memory scope: the cache owns it for the life of the program.
    t = keep(tensor(windowTable(h, w, attrs, out), { dtype: 'int32', backend }))
    tables.set(key, t)
  }
  return t
}

/**
 * `[N, C, KH*KW * OH*OW]`: for each input plane, the value every window position reads (`pad`
 * outside the input: 0 for convolution and average pooling, -inf for max pooling).
 */
export function im2col(
  x: Tensor,
  attrs: WindowAttrs,
  out: readonly [number, number],
  pad = 0,
): Tensor {
  const [n, c, h, w] = x.shape
  const planes = x.reshape([n, c, h * w])
  const slot = full([n, c, 1], pad, { dtype: x.dtype, backend: x.backend.name })
  const index = windowIndex(x.backend.name, h, w, attrs, out)
  return cat([planes, slot], 2).indexSelect(2, index)
}

/** The adjoint of `im2col`: each column value added back into the input element it was read from. */
export function col2im(
  cols: Tensor,
  shape: readonly number[],
  attrs: WindowAttrs,
  out: readonly [number, number],
): Tensor {
  const [n, c, h, w] = shape
  const index = windowIndex(cols.backend.name, h, w, attrs, out)
  const base = zeros([n, c, h * w + 1], { dtype: cols.dtype, backend: cols.backend.name })
  const summed = scatterAdd(base, 2, index.reshape([1, 1, -1]).expand([n, c, index.size]), cols)
  return summed.narrow(2, 0, h * w).reshape([n, c, h, w])
}
