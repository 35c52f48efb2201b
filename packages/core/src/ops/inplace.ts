import { isGradEnabled } from '../autograd/gradMode'
import { check, checkedValue, fail } from '../check'
import { bytesPerElement, isFloating } from '../dtype'
import { defineOp, markWritten } from '../op'
import { formatShape, shapesEqual } from '../shape'
import { Tensor } from '../tensor'
import { fullLike, zerosLike } from './creation/fill'
import { expand } from './movement/expand'
import { clone } from './movement/narrow'
import { castTo, checkTensor } from './util'
import { materialize } from './movement/materialize'
import { asStrided, assign, placeOf, viewZeroed, type ViewPlace } from './movement/asStrided'
import { narrowResult } from './elementwise/cast'

/**
 * `value`, recorded as overwriting `self`: fill_ and copy_ keep their target in the graph, with a
 * zero gradient for the old contents and the gradient passing through to `value`, as in PyTorch.
 */
const overwriteOp = defineOp<null>({
  name: 'overwrite',
  composite: ([, value]) => Tensor.asView(value, value.shape, value.strides, value.offset, false),
  backward: ({ needsInputGrad: n }, dy) => [n[0] ? zerosLike(dy!) : null, n[1] ? dy : null],
})

/**
 * Runs an in-place op: `compute(self)` out of place, written into `target`'s elements with its
 * version bumped, so every view of the storage sees the change and saved-tensor checks catch
 * stale reads. With grad on, `self` is a copy of `target` (so what the op saved for backward is
 * not overwritten, as PyTorch saves the original self) and `target` takes over the result's
 * place in the graph; when `target` is a view, its base's history is rewritten as PyTorch's
 * CopySlices does. `operands` are the op's other arguments; `overwrites` marks results that
 * ignore `self`.
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
  // PyTorch's rule: a view that requires grad, of a leaf (which itself may not).
  if (tracking && base && base.isLeaf && target.requiresGrad) {
    fail(
      op,
      'a view of a leaf Variable that requires grad is being used in an in-place operation; wrap the update in noGrad(() => ...)',
    )
  }
  checkNoOverlap(op, target)
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
  // An integer result that does not fit the target's dtype raises, naming the op.
  let value = narrowResult(op, result, target.dtype)
  if (tracking && overwrites && (self.requiresGrad || value.requiresGrad))
    value = overwriteOp([self, value], null)
  write(target, value, !overwrites && !tracking)
  if (tracking) {
    if (base) rewriteBaseHistory(base, target, value)
    else if (value.gradFn) target.attachGradFn(value.gradFn, value.outputIndex)
    else target.clearGradFn()
  }
  return target
}

/** Writes `value` into `target`'s elements and bumps the storage's version, once. */
function write(target: Tensor, result: Tensor, mayTakeStorage: boolean): void {
  const ref = target.storageRef
  // Never read what is being written: a result that views the target's storage is copied first.
  const value = result.isSameStorage(target) ? materialize(result) : result
  // A plain result nobody else holds gives its storage to a target that spans its own.
  const spansStorage = target.isPlain && target.size * bytesPerElement(target.dtype) === ref.bytes
  if (mayTakeStorage && spansStorage && value.isPlain && value.storageRef.refs === 1) {
    ref.swapStorage(value.storageRef)
    value.dispose()
    markWritten(target)
  } else if (target.isPlain && value.isPlain) {
    target.backend.copyInto(target.storage, value.storage, target.dtype, target.size)
    markWritten(target)
  } else {
    assign([target, value], null) // the strided write marks the target written
  }
  if (value !== result && !value.isDisposed) value.dispose()
}

/**
 * After an in-place op on a view: the base's new history is its old one with the view's place
 * replaced by the op's result (CopySlices); the view, and every other view of the base, re-reads
 * its node from there (`Tensor.gradFn` notices the storage's new version).
 */
function rewriteBaseHistory(base: Tensor, view: Tensor, value: Tensor): void {
  const before = Tensor.asView(base, base.shape, base.strides, base.offset, false)
  const history = base.gradFn
  if (history) before.attachGradFn(history, base.outputIndex)
  const after = copySlicesOp([before, value], placeOf(view))
  if (after.gradFn) base.attachGradFn(after.gradFn, after.outputIndex)
  before.dispose()
  after.dispose()
}

/**
 * The base after a write through one of its views: its old value with `value` at the view's
 * place. The write has already happened; the op only records how gradients split.
 */
const copySlicesOp = defineOp<ViewPlace>({
  name: 'copySlices',
  nodeName: 'CopySlices',
  composite: ([before]) =>
    Tensor.asView(before, before.shape, before.strides, before.offset, false),
  // The old base keeps the gradient outside the view; the written value gets the view's part.
  backward: ({ attrs, needsInputGrad: n }, dy) => [
    n[0] ? viewZeroed(dy!, attrs) : null,
    n[1] ? asStrided(dy!, attrs) : null,
  ],
})

/** PyTorch refuses to write through a view whose elements share memory (`expand`'s stride 0). */
function checkNoOverlap(op: string, target: Tensor): void {
  const { shape, strides } = target
  for (let d = 0; d < shape.length; d++) {
    if (strides[d] === 0 && shape[d] > 1) {
      fail(
        op,
        `unsupported operation: more than one element of the written-to tensor refers to a single memory location (shape ${formatShape(shape)}, strides [${strides.join(', ')}]). Please clone() the tensor before performing the operation.`,
      )
    }
  }
}

/** Sets every element to `value` in place, like `fill_`. */
export function fill_<T extends Tensor>(target: T, value: number): T {
  checkTensor('fill_', 'self', target)
  if (target.dtype !== 'bool') checkedValue('fill_', value, target.dtype, 'fill value')
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
