import { Tensor } from '@othergrad/core'
import { formatSize } from './geometry'

/** `t` must be a floating-point Tensor: `<op>: argument '<name>' ...` otherwise. */
export function checkFloat(op: string, name: string, t: unknown): asserts t is Tensor {
  if (!(t instanceof Tensor)) {
    throw new Error(`${op}: argument '${name}' must be a Tensor, got ${describe(t)}`)
  }
  if (t.dtype !== 'float32' && t.dtype !== 'float64') {
    throw new Error(`${op}: expected a floating point '${name}', got ${t.dtype}`)
  }
}

/** Every tensor of one op shares the input's dtype, as PyTorch's convolutions require. */
export function checkSameDType(
  op: string,
  x: Tensor,
  others: readonly (readonly [string, Tensor | null])[],
): void {
  for (const [name, t] of others) {
    if (t !== null && t.dtype !== x.dtype) {
      throw new Error(
        `${op}: expected ${name} to have the same dtype as input (${x.dtype}), got ${t.dtype}`,
      )
    }
  }
}

/** Batched `[N, C, H, W]` (or unbatched `[C, H, W]`) input, as PyTorch's 2-D ops take. */
export function checkSpatialInput(op: string, x: Tensor): void {
  if (x.ndim !== 3 && x.ndim !== 4) {
    throw new Error(
      `${op}: Expected 3D (unbatched) or 4D (batched) input, but got input of size: ${formatSize(x.shape)}`,
    )
  }
}

function describe(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v
}
