import { isGradEnabled } from '../autograd/gradMode'
import { check, fail } from '../check'
import { isFloating } from '../dtype'
import { defineOp, markWritten } from '../op'
import { formatShape, shapesEqual } from '../shape'
import { Tensor } from '../tensor'
import { fullLike, zerosLike } from './creation/fill'
import { expand } from './movement/expand'
import { clone } from './movement/narrow'
import { castTo, checkTensor } from './util'
import { viewAs } from './movement/reshape'

/**
 * `value`, recorded as overwriting `self`: fill_ and copy_ keep their target in the graph, with a
 * zero gradient for the old contents and the gradient passing through to `value`, as in PyTorch.
 */
const overwriteOp = defineOp<null>({
  name: 'overwrite',
  composite: ([, value]) => Tensor.viewOf(value, value.shape),
  backward: ({ needsInputGrad: n }, dy) => [n[0] ? zerosLike(dy!) : null, n[1] ? dy : null],
})

/**
 * Runs an in-place op: `compute(self)` out of place, written into `target`'s storage with its
 * version bumped, so views see the change and saved-tensor checks catch stale reads. With grad on,
 * `self` is a copy of `target` (so what the op saved for backward is not overwritten, as PyTorch
 * saves the original self) and `target` takes over the result's place in the graph.
 * `operands` are the op's other arguments; `overwrites` marks results that ignore `self`.
 */
export function inplace<T extends Tensor>(
  target: T,
  op: string,
  compute: (self: Tensor) => Tensor,
  operands: readonly unknown[] = [],
  overwrites = false,
): T {
  const tracking =
    isGradEnabled() &&
    (target.requiresGrad || operands.some((o) => o instanceof Tensor && o.requiresGrad))
  if (tracking && target.isLeaf && target.requiresGrad) {
    fail(
      op,
      'a leaf Variable that requires grad is being used in an in-place operation; wrap the update in noGrad(() => ...)',
    )
  }
  const base = target.viewBase
  if (tracking && base && base.isLeaf && base.requiresGrad) {
    fail(
      op,
      'a view of a leaf Variable that requires grad is being used in an in-place operation; wrap the update in noGrad(() => ...)',
    )
  }
  const self = tracking ? clone(target) : target
  const result = compute(self)
  check(
    shapesEqual(result.shape, target.shape),
    op,
    () =>
      `output with shape ${formatShape(target.shape)} doesn't match the broadcast shape ${formatShape(result.shape)}`,
  )
  if (isFloating(result.dtype) && !isFloating(target.dtype)) {
    fail(op, `result type ${result.dtype} can't be cast to the desired output type ${target.dtype}`)
  }
  let value = castTo(result, target.dtype)
  if (tracking && overwrites && (self.requiresGrad || value.requiresGrad))
    value = overwriteOp([self, value], null)
  // A result nobody else holds (no grad recorded, no views) gives its storage instead of a copy.
  const fresh = !overwrites && !tracking && value !== target && value.storageRef.refs === 1
  if (fresh) {
    target.storageRef.swapStorage(value.storageRef)
    value.dispose()
  } else {
    target.backend.copyInto(target.storage, value.storage, target.dtype, target.size)
  }
  markWritten(target)
  if (tracking) {
    if (value.gradFn) target.attachGradFn(value.gradFn, value.outputIndex)
    else target.detach_()
    // Every view here spans its whole storage, so the base's new value is this one reshaped.
    if (base && !base.isDisposed && target.gradFn) {
      const rebased = viewAs(target, base.shape)
      base.attachGradFn(rebased.gradFn!, rebased.outputIndex)
    }
  }
  return target
}

/** Sets every element to `value` in place, like `fill_`. */
export function fill_<T extends Tensor>(target: T, value: number): T {
  checkTensor('fill_', 'self', target)
  return inplace(target, 'fill_', () => fullLike(target, value), [], true)
}

/** Copies `src` (broadcast to `target`'s shape, cast to its dtype) into `target`, like `copy_`. */
export function copy_<T extends Tensor>(target: T, src: Tensor): T {
  checkTensor('copy_', 'src', src)
  if (src.backend !== target.backend) {
    fail(
      'copy_',
      `src is on backend '${src.backend.name}' and self on '${target.backend.name}'; move it first with await src.to('${target.backend.name}')`,
    )
  }
  const shaped = shapesEqual(src.shape, target.shape) ? src : expand(src, target.shape)
  return inplace(target, 'copy_', () => castTo(shaped, target.dtype), [src], true)
}
