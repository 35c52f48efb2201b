import type { IndexRangeAttrs } from '../../backend/kernels'
import { fail } from '../../check'
import { defineOp } from '../../op'
import type { Tensor } from '../../tensor'

/** The check as an op, for backends with a device-side kernel for it (webgpu). */
const checkIndexRangeOp = defineOp<IndexRangeAttrs, Tensor[]>({
  name: 'checkIndexRange',
  nondifferentiable: true,
  infer: () => [],
  // A backend with neither a synchronous read nor a device check has nothing to check with.
  composite: () => [],
})

/** PyTorch's message for an index (or, with `ignore`, a class target) out of range. */
function outOfRange(value: number, size: number, dim: number, ignore: number | undefined): string {
  return ignore === undefined
    ? `index ${value} is out of bounds for dimension ${dim} with size ${size}`
    : `target ${value} is out of bounds (expected a class index in [0, ${size}) or ignoreIndex ${ignore})`
}

/**
 * Checks that every int32 index lies in `[0, size)` (or equals `ignore`). Backends that read
 * synchronously check now; the others (webgpu) check on the device without stalling their queue
 * and raise at the next read or sync. Returns whether `ignore` occurs, or undefined when the
 * values were not read here.
 */
export function checkIndexRange(
  op: string,
  index: Tensor,
  size: number,
  dim: number,
  ignore?: number,
): boolean | undefined {
  const backend = index.backend
  if (!backend.readSync) {
    checkIndexRangeOp([index], {
      size,
      ignore: ignore ?? null,
      describe: (value) => `${op}: ${outOfRange(value, size, dim, ignore)}`,
    })
    return undefined
  }
  // dataSync reads a view through its strides (the raw storage may be shorter or shared).
  const values = index.dataSync()
  let ignored = false
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (v === ignore) ignored = true
    else if (v < 0 || v >= size) fail(op, outOfRange(v, size, dim, ignore))
  }
  return ignored
}

/**
 * A device-side check on backends that cannot read synchronously (webgpu): every int32 value of
 * `values` lies in `[0, size)`, else `describe(value)` of the first that does not is raised at
 * the backend's next read or sync. Backends with neither check nothing.
 */
export function checkOnDevice(
  values: Tensor,
  size: number,
  describe: (value: number) => string,
): void {
  checkIndexRangeOp([values], { size, ignore: null, describe })
}
