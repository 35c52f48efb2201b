/**
 * User-input checks, run before dispatch so kernels and backward can trust their inputs.
 * Messages follow `<op>: <what is wrong> (<values>)`, built only in the failing branch.
 */
import { integerRange, type DType } from './dtype'
import { formatShape, tryBroadcastShapes, type Shape } from './shape'

export function fail(op: string, message: string): never {
  throw new Error(`${op}: ${message}`)
}

export function check(condition: boolean, op: string, message: () => string): asserts condition {
  if (!condition) fail(op, message())
}

/** Normalises a possibly negative dim, or throws PyTorch's out-of-range message. */
export function normalizeDim(op: string, dim: number, ndim: number, shape?: Shape): number {
  const rank = Math.max(ndim, 1)
  if (!Number.isInteger(dim) || dim < -rank || dim >= rank) {
    const where = shape ? ` (shape ${formatShape(shape)})` : ''
    fail(op, `dim ${dim} is out of range for a tensor with ${ndim} dims${where}`)
  }
  return dim < 0 ? dim + rank : dim
}

export function broadcastShapes(op: string, a: Shape, b: Shape): number[] {
  const out = tryBroadcastShapes(a, b)
  if (out === undefined) {
    fail(
      op,
      `shapes ${formatShape(a)} and ${formatShape(b)} cannot be broadcast together ` +
        `(sizes must match or be 1 in each trailing dim)`,
    )
  }
  checkElementCount(op, out)
  return out
}

export function checkFloating(op: string, dtype: DType, what = 'input'): void {
  if (dtype !== 'float32' && dtype !== 'float64') {
    fail(op, `expected a floating point ${what}, got ${dtype}`)
  }
}

/**
 * The most elements one tensor may hold. Kernels address elements with 32-bit integers (WASM
 * pointers, WGSL indices), so every backend shares this limit.
 */
export const MAX_ELEMENTS = 2 ** 31 - 1

/** Checks a shape given by the user: non-negative integer dims, and not too many elements. */
export function checkShapeArg(op: string, shape: readonly number[]): void {
  if (!Array.isArray(shape)) {
    fail(op, `shape must be an array of non-negative integers, got ${describeValue(shape)}`)
  }
  for (const d of shape) {
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0) {
      fail(op, `shape dims must be non-negative integers, got [${shape.map(String).join(', ')}]`)
    }
  }
  checkElementCount(op, shape)
}

/** Checks that a tensor of `shape` fits the element limit (before anything is allocated). */
export function checkElementCount(op: string, shape: Shape): void {
  let n = 1
  for (let i = 0; i < shape.length; i++) n *= shape[i]
  if (n > MAX_ELEMENTS) failTooLarge(op, n, `shape [${shape.join(', ')}]`)
}

/** The error for a tensor of `count` elements (described by `what`) over the limit. */
export function failTooLarge(op: string, count: number, what: string): never {
  const n = Number.isFinite(count) ? String(count) : 'infinitely many'
  fail(op, `${what} has ${n} elements, more than the ${MAX_ELEMENTS} one tensor can hold`)
}

/** A value named for an error message: its type, or the value itself when short. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (typeof value === 'string') return `'${value}'`
  return typeof value
}

/**
 * A JS number about to be stored in a tensor of `dtype`: truncated toward zero for integer
 * dtypes (as PyTorch converts 2.7 to 2), which must not wrap: NaN, ±Infinity and values outside
 * the dtype's range raise, naming `what` (`value`, `start`, ...).
 */
export function checkedValue(op: string, value: number, dtype: DType, what = 'value'): number {
  const range = integerRange(dtype)
  if (range === undefined) return value
  const v = Math.trunc(value)
  if (!(v >= range[0] && v <= range[1])) failIntegerValue(op, value, dtype, what)
  return v
}

/** The error for a JS value that does not fit an integer dtype. */
export function failIntegerValue(
  op: string,
  value: number,
  dtype: DType,
  what = 'value',
  at = '',
): never {
  const range = integerRange(dtype)!
  if (Number.isNaN(value)) fail(op, `cannot convert NaN to ${dtype} (${what}${at})`)
  fail(
    op,
    `${what} ${value}${at} is out of range for ${dtype} (expected [${range[0]}, ${range[1]}]` +
      `; ${dtype === 'int32' ? "othergrad's int64 is int32 and never wraps" : "othergrad's integers never wrap"})`,
  )
}

/**
 * The error a kernel raises when an integer result leaves its dtype's range (othergrad's integers
 * never wrap, see DType). `value` is the first result that does not fit, or undefined when the
 * kernel only knows that one did not (a GPU's flag).
 */
export function integerOverflowError(
  op: string,
  dtype: DType,
  value: number | undefined,
  input?: { readonly shape: Shape; readonly dtype: DType },
): Error {
  const range = integerRange(dtype) ?? [0, 0]
  const result = value === undefined ? 'a result' : `the result ${value}`
  const of = input ? ` of a tensor of shape ${formatShape(input.shape)} (${input.dtype})` : ''
  return new Error(
    `${op}: integer overflow: ${result}${of} does not fit ${dtype} ([${range[0]}, ${range[1]}]); ` +
      neverWraps(dtype),
  )
}

/** The rule and the fix, at the end of every integer overflow message. */
function neverWraps(dtype: DType): string {
  return dtype === 'int32'
    ? `othergrad's int64 is int32 and never wraps: cast to a float dtype first, e.g. x.double()`
    : `othergrad's integers never wrap: cast to a wider dtype first, e.g. x.int()`
}

/** The int32 elementwise ops that can overflow, and how their messages write one element. */
export type Int32ArithmeticOp = 'add' | 'sub' | 'mul' | 'pow' | 'neg' | 'abs' | 'square'

const EXPRESSIONS: Record<Int32ArithmeticOp, (a: number, b: number) => string> = {
  add: (a, b) => `${a} + ${b}`,
  sub: (a, b) => `${a} - ${b}`,
  mul: (a, b) => `${a} * ${b}`,
  pow: (a, b) => `${a} ** ${b}`,
  neg: (a) => `-(${a})`,
  abs: (a) => `abs(${a})`,
  square: (a) => `${a} ** 2`,
}

/** The exact result of one int32 element: BigInt where it is exact, else a double. */
function exactResult(op: Int32ArithmeticOp, a: number, b: number): string {
  const x = BigInt(a)
  const y = BigInt(b)
  switch (op) {
    case 'add':
      return String(x + y)
    case 'sub':
      return String(x - y)
    case 'mul':
      return String(x * y)
    case 'pow':
      // An exponent past 64 overflows any base but 0 and ±1, which never reach here.
      return b <= 64 ? String(x ** y) : String(a ** b)
    case 'neg':
      return String(-x)
    case 'abs':
      return String(x < 0n ? -x : x)
    case 'square':
      return String(x * x)
  }
}

/**
 * The error an int32 elementwise kernel raises for the first element whose result leaves int32
 * (othergrad's integers never wrap, see DType), from that element's operands (`b` unused by
 * unary ops): `add: integer overflow: 2147483647 + 1 = 2147483648 does not fit int32 (...)`.
 */
export function int32OverflowError(op: Int32ArithmeticOp, a: number, b = 0): Error {
  return new Error(
    `${op}: integer overflow: ${EXPRESSIONS[op](a, b)} = ${exactResult(op, a, b)} does not fit ` +
      `int32 ([-2147483648, 2147483647]); ${neverWraps('int32')}`,
  )
}

// SCOPES

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as unknown

/**
 * Scopes that end when their function returns (`noGrad`, `tidy`) cannot follow an async
 * function past its first await: they reject one before running it, saying `why`.
 */
export function rejectAsync(op: string, fn: unknown, why: string): void {
  if (typeof fn !== 'function') fail(op, `expected a function, got ${describeValue(fn)}`)
  if (fn instanceof (AsyncFunction as typeof Function)) {
    fail(op, `the function is async; ${why}`)
  }
}

/**
 * The same check after the call, for functions that return a promise without being `async`
 * (transpiled code). The promise's own failure is then ignored: this error already reports it.
 */
export function rejectPromise(op: string, result: unknown, why: string): void {
  if (result instanceof Promise) {
    result.catch(() => {})
    fail(op, `the function returned a Promise; ${why}`)
  }
}

// OPTIONS

/**
 * Checks an options object: undefined or a plain object whose keys are all `known`. An unknown
 * key is an error that names the known one it resembles (`weight_decay` → `weightDecay`), so a
 * misspelt option is never silently ignored.
 *
 * @example
 * checkOptionKeys('SGD', options, ['lr', 'momentum', 'weightDecay'])
 */
export function checkOptionKeys(op: string, options: unknown, known: readonly string[]): void {
  if (options === undefined) return
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    fail(op, `options must be an object, got ${describeValue(options)}`)
  }
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue
    const like = closestName(key, known)
    const hint = like === undefined ? '' : `; did you mean '${like}'?`
    fail(op, `unknown option '${key}'${hint} (known options: ${known.join(', ')})`)
  }
}

/** What a numeric option may hold. */
export interface NumberRange {
  min?: number
  max?: number
  /** `min` itself is not allowed. */
  minExclusive?: boolean
  /** `max` itself is not allowed. */
  maxExclusive?: boolean
  integer?: boolean
}

/**
 * Checks that an option is a finite number (an integer when asked) within `range`, and returns
 * it; the message names the option and the range.
 *
 * @example
 * checkNumberOption('Dropout', 'p', p, { min: 0, max: 1 })
 */
export function checkNumberOption(
  op: string,
  name: string,
  value: unknown,
  range: NumberRange = {},
): number {
  const { min, max, minExclusive = false, maxExclusive = false, integer = false } = range
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (!integer || Number.isInteger(value)) &&
    (min === undefined || (minExclusive ? value > min : value >= min)) &&
    (max === undefined || (maxExclusive ? value < max : value <= max))
  if (!ok) {
    const kind = integer ? 'an integer' : 'a finite number'
    const lo = min === undefined ? '' : minExclusive ? ` > ${min}` : ` >= ${min}`
    const hi = max === undefined ? '' : maxExclusive ? ` < ${max}` : ` <= ${max}`
    const bounds = lo && hi ? `${lo} and${hi}` : lo || hi
    fail(op, `${name} must be ${kind}${bounds}, got ${describeValue(value)}`)
  }
  return value as number
}

/**
 * The known name `key` most likely meant: the same letters ignoring case and `_`, a long common
 * start (`reduce` → `reduction`), or a near miss (a letter or two typed wrong or swapped).
 */
function closestName(key: string, known: readonly string[]): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[_-]/g, '')
  const k = norm(key)
  const same = known.find((name) => norm(name) === k)
  if (same !== undefined) return same
  let best: string | undefined
  let bestDistance = Math.max(2, Math.floor(k.length / 3)) + 1
  for (const name of known) {
    const n = norm(name)
    let common = 0
    while (common < k.length && k[common] === n[common]) common++
    const prefix = common >= 4 && common >= (2 / 3) * Math.min(k.length, n.length)
    const d = prefix ? 1 : editDistance(k, n)
    if (d < bestDistance) [best, bestDistance] = [name, d]
  }
  return best
}

/** Edits (insert, delete, replace, swap two neighbours) that turn `a` into `b`. */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)]
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      row[j] = Math.min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        row[j] = Math.min(row[j], rows[i - 2][j - 2] + 1)
      }
    }
    rows.push(row)
  }
  return rows[a.length][b.length]
}
