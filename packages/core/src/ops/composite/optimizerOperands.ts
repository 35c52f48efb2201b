import { check } from '../../check'
import { formatShape, shapesEqual } from '../../shape'
import type { Tensor } from '../../tensor'

/**
 * Checks that an optimizer step's `t` (a gradient or a state buffer, named `what`) matches its
 * parameter's shape, dtype and backend, as the fused kernels need (no broadcasting, no casts).
 */
export function checkOptimizerOperand(op: string, what: string, t: Tensor, param: Tensor): void {
  check(
    shapesEqual(t.shape, param.shape) && t.dtype === param.dtype && t.backend === param.backend,
    op,
    () =>
      `${what} must match param (${param.dtype} ${formatShape(param.shape)} on '${param.backend.name}'), got ${t.dtype} ${formatShape(t.shape)} on '${t.backend.name}'`,
  )
}
