import type { Tensor } from '@othergrad/core'
import type { FixtureLoader } from './fixtures'
import type { FloatDType } from './cases/tolerances'

// TYPES

/** What a case's op call may return: one tensor, several, or PyTorch's `(values, indices)` pair. */
export type CaseOutput = Tensor | readonly Tensor[] | { values: Tensor; indices: Tensor }

/** The othergrad call under test, given the fixture's inputs in order. */
export type CaseFn = (...inputs: Tensor[]) => CaseOutput

/**
 * A golden case: run `run` on fixture `<op>/<id>`'s inputs, compare the outputs with PyTorch's,
 * then the gradient of `sum(out * w)` for every float input (and second derivatives when the
 * fixture has them).
 */
export interface OpCase {
  readonly kind: 'op'
  /** The op under test; also names the fixture file, `fixtures/<op>.json`. */
  readonly op: string
  /** The case within the op; the fixture id is `<op>/<id>`. */
  readonly id: string
  readonly run: CaseFn
  /** Where this case's fixtures come from (an operator package ships its own); default: the suite's loader. */
  readonly fixtures?: FixtureLoader
  /** Registered only when the suite runs all these dtypes (a cast to float64 needs float64 support). */
  readonly requires?: readonly FloatDType[]
}

/** What a property or error case gets: the backend and dtype under test, and helpers. */
export interface CaseContext {
  /** Name of the backend under test. */
  readonly backend: string
  /** The float dtype this run uses. */
  readonly dtype: FloatDType
  /** A float tensor of `ctx.dtype` on the backend under test. */
  tensor(values: number | readonly unknown[], options?: { requiresGrad?: boolean }): Tensor
  /** Seeded standard-normal values of `ctx.dtype` on the backend under test. */
  randn(shape: readonly number[], options?: { requiresGrad?: boolean }): Tensor
  /** Loads a fixture file (the suite's loader, cached). */
  fixture<C = unknown>(op: string): Promise<{ cases: Record<string, C> }>
  /** Asserts `actual` matches `expected` within the forward (default) or gradient tolerance of its dtype. */
  expectClose(
    actual: Tensor | null,
    expected: number | readonly unknown[],
    pass?: 'forward' | 'grad',
    what?: string,
  ): Promise<void>
}

/** A check with no fixture: an engine rule, a memory property, an identity that must hold. */
export interface PropertyCase {
  readonly kind: 'property'
  readonly op: string
  /** A sentence: `it(name)`. */
  readonly name: string
  /** The check; it throws (or rejects) to fail. */
  readonly run: (ctx: CaseContext) => void | Promise<void>
  /** Only run for these dtypes (e.g. gradcheck needs float64). */
  readonly dtypes?: readonly FloatDType[]
}

/** A call PyTorch rejects: it must throw an Error whose message starts with `<op>:` and matches `message`. */
export interface ThrowsCase {
  readonly kind: 'throws'
  readonly op: string
  readonly name: string
  /** The call that must throw. */
  readonly run: (ctx: CaseContext) => unknown
  readonly message?: RegExp
}

/** Any case the suite runs: a golden op case, a property, or a call that must throw. */
export type ConformanceCase = OpCase | PropertyCase | ThrowsCase

// BUILDERS

/**
 * A golden case on one line, like tinygrad's `helper_test_op`.
 *
 * @example
 * op('add', '3x4+4', (a, b) => a.add(b))
 */
export function op(
  opName: string,
  id: string,
  run: CaseFn,
  options: { fixtures?: FixtureLoader; requires?: readonly FloatDType[] } = {},
): OpCase {
  return { kind: 'op', op: opName, id, run, ...options }
}

/**
 * A property check with no fixture.
 *
 * @example
 * property('sum', 'sums an empty tensor to 0', async (ctx) => expect(await ctx.tensor([]).sum().item()).toBe(0))
 */
export function property(
  opName: string,
  name: string,
  run: PropertyCase['run'],
  options: { dtypes?: readonly FloatDType[] } = {},
): PropertyCase {
  return { kind: 'property', op: opName, name, run, ...options }
}

/**
 * An error case, like tinygrad's `helper_test_exception`: where PyTorch raises, othergrad throws
 * with the op's name first in the message.
 *
 * @example
 * throws('matmul', 'rejects 3x4 @ 5x6', (ctx) => ctx.randn([3, 4]).matmul(ctx.randn([5, 6])), /cannot be multiplied/)
 */
export function throws(
  opName: string,
  name: string,
  run: ThrowsCase['run'],
  message?: RegExp,
): ThrowsCase {
  return { kind: 'throws', op: opName, name, run, message }
}

/**
 * A call whose result must not be handed out: reading it (`await run(ctx).data()`) rejects with
 * an error containing (or matching) `message`. Backends that read synchronously raise in the call itself;
 * webgpu's device-side checks raise at the next read, so the case reads the result.
 *
 * @example
 * raisesOnRead('add', 'raises on int32 overflow', (ctx) => tensor([2 ** 31 - 1], { dtype: 'int64', backend: ctx.backend }).add(1), 'add: integer overflow')
 */
export function raisesOnRead(
  opName: string,
  name: string,
  run: (ctx: CaseContext) => Tensor,
  message: string | RegExp,
): PropertyCase {
  return property(opName, name, async (ctx) => {
    let error: unknown
    try {
      await run(ctx).data()
    } catch (caught) {
      error = caught
    }
    const expected = typeof message === 'string' ? `"${message}"` : String(message)
    if (!(error instanceof Error)) {
      throw new Error(`${opName}: expected an error matching ${expected}, but nothing was raised`)
    }
    const matches =
      typeof message === 'string' ? error.message.includes(message) : message.test(error.message)
    if (!matches) {
      throw new Error(`${opName}: expected an error matching ${expected}, got "${error.message}"`)
    }
  })
}
