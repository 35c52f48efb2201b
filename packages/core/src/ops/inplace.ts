import { isGradEnabled } from '../autograd/gradMode'
import { check, fail } from '../check'
import { isFloating } from '../dtype'
import { formatShape, shapesEqual } from '../shape'
import type { Tensor } from '../tensor'
import { fullLike } from './creation/fill'
import { expand } from './movement/expand'
import { castTo, checkTensor } from './util'

/**
 * Writes `result` (computed out of place) into `target`'s storage and bumps its version, so views
 * see the change and saved-tensor checks catch stale reads. With grad on, `target` takes over
 * `result`'s place in the graph.
 */
export function inplace<T extends Tensor>(target: T, op: string, result: Tensor): T {
  check(shapesEqual(result.shape, target.shape), op, () => `output with shape ${formatShape(target.shape)} doesn't match the broadcast shape ${formatShape(result.shape)}`)
  if (isFloating(result.dtype) && !isFloating(target.dtype)) {
    fail(op, `result type ${result.dtype} can't be cast to the desired output type ${target.dtype}`)
  }
  const tracking = isGradEnabled() && (result.requiresGrad || target.requiresGrad)
  if (tracking && target.isLeaf && target.requiresGrad) {
    fail(op, 'a leaf Variable that requires grad is being used in an in-place operation; wrap the update in noGrad(() => ...)')
  }
  const value = castTo(result, target.dtype)
  target.backend.copyInto(target.storage, value.storage, target.dtype, target.size)
  target.storageRef.version++
  if (tracking) {
    if (value.gradFn) target.attachGradFn(value.gradFn, value.outputIndex)
    else target.detach_()
  }
  return target
}

/** Sets every element to `value` in place, like `fill_`. */
export function fill_<T extends Tensor>(target: T, value: number): T {
  checkTensor('fill_', 'self', target)
  return inplace(target, 'fill_', fullLike(target, value))
}

/** Copies `src` (broadcast to `target`'s shape, cast to its dtype) into `target`, like `copy_`. */
export function copy_<T extends Tensor>(target: T, src: Tensor): T {
  checkTensor('copy_', 'src', src)
  if (src.backend !== target.backend) {
    fail('copy_', `src is on backend '${src.backend.name}' and self on '${target.backend.name}'; move it first with await src.to('${target.backend.name}')`)
  }
  const shaped = shapesEqual(src.shape, target.shape) ? src : expand(src, target.shape)
  return inplace(target, 'copy_', castTo(shaped, target.dtype))
}
