import { int32OverflowError } from '@othergrad/core/backend'
import type { Int32ArithmeticOp } from '@othergrad/core/backend'
import type { WasmContext } from '../context'
import type { WasmStorage } from '../storage'

const CHECKED: ReadonlySet<string> = new Set(['add', 'sub', 'mul', 'pow', 'neg', 'abs', 'square'])

/** Whether an int32 `op` can leave int32, so its kernel's overflow flag must be read. */
export function canOverflow(op: string, dtype: string): op is Int32ArithmeticOp {
  return dtype === 'int32' && CHECKED.has(op)
}

/**
 * Reads the flag an int32 kernel sets for a result outside int32 (assembly/overflow.ts) after
 * it ran, on every thread: when set, clears it, frees `out` and raises with the element's
 * operands. Returns the bound check.
 */
export function overflowCheck(ctx: WasmContext): (op: Int32ArithmeticOp, out: WasmStorage) => void {
  const at = ctx.exports.overflowFlag() >>> 2
  return (op, out) => {
    const words = ctx.heap.i32
    if (words[at] === 0) return
    const [a, b] = [words[at + 1], words[at + 2]]
    words[at] = 0
    ctx.store.dispose(out)
    throw int32OverflowError(op, a, b)
  }
}
