import { numel } from '@othergrad/core/backend'
import type { ArgReduceOp, DataArray, Shape } from '@othergrad/core/backend'

/**
 * Index of the first max (argmax) or min (argmin) along `axis` into `out`. As in torch, NaN
 * wins both ways: the first NaN is the answer, since max and min propagate NaN.
 */
export function argReduceImpl(
  op: ArgReduceOp,
  x: DataArray,
  shape: Shape,
  axis: number,
  out: Int32Array,
): void {
  // A 0-d input reduces as one element, as torch.argmax(scalar) gives 0.
  const n = shape.length === 0 ? 1 : shape[axis]
  if (out.length === 0 || n === 0) return
  let outer = 1
  for (let d = 0; d < axis; d++) outer *= shape[d]
  const inner = numel(shape) / (outer * n)
  // `sign` flips argmin into argmax so one comparison serves both.
  const sign = op === 'argmax' ? 1 : -1
  if (inner === 1) {
    // Reducing the innermost axis: one contiguous scan per output.
    for (let o = 0, base = 0; o < outer; o++, base += n) {
      let best = sign * x[base]
      let arg = 0
      for (let j = 1; j < n && best === best; j++) {
        const v = sign * x[base + j]
        if (v > best || v !== v) {
          best = v
          arg = j
        }
      }
      out[o] = arg
    }
    return
  }
  // Outer axis: sweep whole rows of `inner` at a time, keeping a running best per column.
  const best = new Float64Array(inner)
  for (let o = 0; o < outer; o++) {
    const base = o * n * inner
    const arg = out.subarray(o * inner, (o + 1) * inner)
    for (let k = 0; k < inner; k++) best[k] = sign * x[base + k]
    for (let j = 1; j < n; j++) {
      const row = base + j * inner
      for (let k = 0; k < inner; k++) {
        const v = sign * x[row + k]
        const b = best[k]
        // Once the running best is NaN it is final; `b === b` keeps later NaNs from replacing it.
        if ((v > b || v !== v) && b === b) {
          best[k] = v
          arg[k] = j
        }
      }
    }
  }
}
