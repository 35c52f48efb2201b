/**
 * The autograd behind views of one storage: `asStrided` is the view of a storage-owning base at
 * a position (shape, strides, offset), `viewScatter` its adjoint (zeros of the base's shape with
 * the values written at that position), and `viewZeroed` the base with that position cleared.
 * In-place ops on views use them as PyTorch's CopySlices does, and a view whose storage was
 * written since its node was made re-derives its node from its base through `asStrided`.
 */
import type { Shape } from '../../shape'
import { defineOp, type OpFn } from '../../op'
import { Tensor } from '../../tensor'
import { zeros } from '../creation/fill'
import { materialize } from './materialize'

/** Where a view's elements are in its base's storage. */
export interface ViewPlace {
  shape: Shape
  strides: readonly number[]
  offset: number
}

/** Writes `src` into `dst`'s elements in place (the backend's strided `assign` kernel). */
export const assign: OpFn<null, Tensor[]> = defineOp<null, Tensor[]>({
  name: 'assign',
  nondifferentiable: true,
  mutates: [0],
  infer: () => [],
})

const plain = (x: Tensor): Tensor => (x.isPlain ? x : materialize(x))

const asStridedOp: OpFn<ViewPlace> = defineOp<ViewPlace>({
  name: 'asStrided',
  // The base is plain and spans its storage, so positions in it are positions in the storage.
  composite: ([base], place) =>
    Tensor.asView(plain(base), place.shape, place.strides, place.offset),
  backward: ({ attrs, inputShapes }, dy) => [viewScatter(dy!, inputShapes[0], attrs)],
})

const viewScatterOp: OpFn<ViewPlace & { baseShape: Shape }> = defineOp<
  ViewPlace & { baseShape: Shape }
>({
  name: 'viewScatter',
  infer: ([src], { baseShape }) => ({ shape: baseShape, dtype: src.dtype }),
  composite: ([src], place) => {
    const out = zeros(place.baseShape, { dtype: src.dtype, backend: src.backend.name })
    assign([Tensor.asView(out, place.shape, place.strides, place.offset, false), src], null)
    return out
  },
  backward: ({ attrs }, dy) => [asStrided(dy!, attrs)],
})

const viewZeroedOp: OpFn<ViewPlace> = defineOp<ViewPlace>({
  name: 'viewZeroed',
  composite: ([x], place) => {
    const out = materialize(x)
    const region = Tensor.asView(out, place.shape, place.strides, place.offset, false)
    assign([region, zeros(place.shape, { dtype: x.dtype, backend: x.backend.name })], null)
    return out
  },
  // Linear and self-adjoint: the gradient is cleared at the same place.
  backward: ({ attrs }, dy) => [viewZeroed(dy!, attrs)],
})

/** The view of `base` (plain, spanning its storage) at `place`, differentiably. */
export function asStrided(base: Tensor, place: ViewPlace): Tensor {
  return asStridedOp([base], place)
}

/** Zeros of `baseShape` with `src` written at `place`: the gradient of `asStrided`. */
export function viewScatter(src: Tensor, baseShape: Shape, place: ViewPlace): Tensor {
  return viewScatterOp([src], { ...place, baseShape })
}

/** `x` (shaped like a base) with the elements at `place` set to zero. */
export function viewZeroed(x: Tensor, place: ViewPlace): Tensor {
  return viewZeroedOp([x], place)
}

/** The place of a view in its base's storage. */
export function placeOf(view: Tensor): ViewPlace {
  return { shape: view.shape, strides: view.strides, offset: view.offset }
}
