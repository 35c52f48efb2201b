import { fail } from '../../check'
import { defineOp } from '../../op'
import type { Tensor } from '../../tensor'
import { checkTensor } from '../util'
import { maximum, minimum } from './binary'
import { where } from './where'

interface ClampAttrs {
  min: number | null
  max: number | null
}

function clampValues(x: Tensor, { min, max }: ClampAttrs): Tensor {
  const low = min === null ? x : maximum(x, min)
  return max === null ? low : minimum(low, max)
}

const clampOp = defineOp<ClampAttrs>({
  name: 'clamp',
  // Runs without recording, then one node whose gradient is 1 inside [min, max], bounds included
  // (maximum/minimum alone would split the gradient at the bounds).
  composite: ([x], attrs) => clampValues(x, attrs),
  save: ([x]) => [x],
  backward: ({ saved: [x], attrs: { min, max } }, dy) => {
    let inside = min === null ? null : x.ge(min)
    if (max !== null) inside = inside ? inside.logicalAnd(x.le(max)) : x.le(max)
    return [where(inside!, dy!, 0)]
  },
})

/**
 * Clamps every element into `[min, max]`, like `torch.clamp`; either bound may be omitted.
 *
 * @example
 * x.clamp(0, 1)
 */
export function clamp(x: Tensor, min?: number | null, max?: number | null): Tensor {
  checkTensor('clamp', 'input', x)
  const lo = min ?? null
  const hi = max ?? null
  if (lo === null && hi === null) fail('clamp', "at least one of 'min' or 'max' must not be None")
  return clampOp([x], { min: lo, max: hi })
}
