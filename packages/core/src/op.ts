import type { Backend } from './backend/backend'
import type { Kernel, KernelResult, Storage, TensorMeta } from './backend/kernels'
import { getBackend } from './backend/registry'
import { isGradEnabled, setGradEnabled } from './autograd/gradMode'
import { recordOp } from './autograd/opNode'
import { fail } from './check'
import { maybeCollect } from './collector'
import type { Shape } from './shape'
import type { DType } from './dtype'
import { Tensor } from './tensor'
import { materialize } from './ops/movement/materialize'

/** What a backward rule receives besides the output gradients. */
export interface BackwardContext<A> {
  /** The tensors `save` chose, checked against in-place modification. */
  readonly saved: Tensor[]
  /** `needsInputGrad[i]`: whether input `i` wants a gradient (skip the work when not). */
  readonly needsInputGrad: readonly boolean[]
  readonly attrs: A
  readonly inputShapes: readonly Shape[]
  readonly inputDTypes: readonly DType[]
}

/**
 * The one way ops are defined, by core and by operator packages alike.
 *
 * - The forward is the kernel the input's backend has for `name` in its table (core's
 *   primitives, fused kernels, or a package's kernel added with `use()`), called with the
 *   outputs `infer` gives; with no kernel (or one that declines), `composite`, written with
 *   other ops, runs on every backend.
 * - `backward(ctx, ...dys)`: one gradient (or null) per input, written with ops so it can itself
 *   be differentiated. It never reduces broadcast dims: the engine does that. With a rule, the
 *   forward runs unrecorded and the rule is the gradient whichever forward ran; without one the
 *   op must have a composite, differentiated through its parts.
 * - `mutates`: inputs a kernel writes in place (optimizer steps); their version counters move
 *   once the kernel has run.
 *
 * @example
 * const softplusOp = defineOp<{ beta: number }>({
 *   name: 'softplus',
 *   package: '@acme/op-softplus',
 *   composite: ([x], { beta }) => x.mul(beta).exp().log1p().div(beta),
 *   save: ([x]) => [x],
 *   backward: ({ saved: [x], attrs: { beta } }, dy) => [dy!.mul(x.mul(beta).sigmoid())],
 * })
 */
export interface OpDefinition<A> {
  name: string
  /** The package defining the op, named when another package claims the same name. */
  package?: string
  /** The backward node's name; `<Name>Backward` by default. */
  nodeName?: string
  /** Output shapes and dtypes from the inputs' and the attrs; one output like input 0 by default. */
  infer?: (inputs: readonly TensorMeta[], attrs: A) => TensorMeta | readonly TensorMeta[]
  /** The forward written with other ops: runs where no kernel applies. */
  composite?: (inputs: readonly Tensor[], attrs: A) => Tensor | Tensor[]
  /** Which tensors backward reads; only called when some input needs a gradient. */
  save?: (
    inputs: readonly Tensor[],
    outputs: readonly Tensor[],
    needsInputGrad: readonly boolean[],
    attrs: A,
  ) => Tensor[]
  backward?: (ctx: BackwardContext<A>, ...dys: (Tensor | null)[]) => (Tensor | null)[]
  /** Outputs carry no gradient (comparisons, argmax, in-place updates): no node is recorded. */
  nondifferentiable?: true
  /** Indices of the inputs a kernel writes in place. */
  mutates?: readonly number[]
}

/** A callable op made by `defineOp`. */
export type OpFn<A, O extends Tensor | Tensor[] = Tensor> = (
  inputs: readonly Tensor[],
  attrs: A,
) => O

const CORE = '@othergrad/core'

/** Who defined each op, by name: one owner per name, across every package in the program. */
const owners = new Map<string, string>()

/** The package that defined op `name`, or undefined for an unknown op. */
export function opOwner(name: string): string | undefined {
  return owners.get(name)
}

/** The names of every defined op. */
export function definedOps(): string[] {
  return [...owners.keys()]
}

/** The backend the inputs live on (all must agree), or the active one for no inputs. */
export function backendOf(op: string, inputs: readonly Tensor[]): Backend {
  if (inputs.length === 0) return getBackend()
  const backend = inputs[0].backend
  for (let i = 1; i < inputs.length; i++) {
    if (inputs[i].backend !== backend) {
      fail(
        op,
        `expected all tensors to be on the same backend, but found '${backend.name}' and ` +
          `'${inputs[i].backend.name}'; move one with await t.to('${backend.name}')`,
      )
    }
  }
  return backend
}

/** Marks `t`'s storage as written in place: saved tensors and views see the new version. */
export function markWritten(t: Tensor): void {
  t.storageRef.version++
}

function inferOutputs<A>(
  def: OpDefinition<A>,
  inputs: readonly Tensor[],
  attrs: A,
): readonly TensorMeta[] {
  if (def.infer === undefined) return [inputs[0]]
  const meta = def.infer(inputs, attrs)
  return isMetaList(meta) ? meta : [meta]
}

function isMetaList(meta: TensorMeta | readonly TensorMeta[]): meta is readonly TensorMeta[] {
  return Array.isArray(meta)
}

function wrapOutputs(
  backend: Backend,
  result: Storage | readonly Storage[],
  outputs: readonly TensorMeta[],
): Tensor | Tensor[] {
  if (!Array.isArray(result)) {
    const { shape, dtype } = outputs[0]
    return Tensor.fromStorage(backend, result as Storage, shape, dtype)
  }
  return (result as readonly Storage[]).map((storage, i) =>
    Tensor.fromStorage(backend, storage, outputs[i].shape, outputs[i].dtype),
  )
}

/**
 * The forward of one op call on its backend: the table's kernel, or undefined when the backend
 * has none or it declined. The only place a kernel is looked up.
 */
function runForward<A>(
  def: OpDefinition<A>,
  inputs: readonly Tensor[],
  attrs: A,
  backend: Backend,
): Tensor | Tensor[] | undefined {
  const table = backend.kernels
  const kernel = table.get(def.name) as Kernel<A> | undefined
  if (kernel === undefined) return undefined
  const mutates = def.mutates
  // A kernel that does not read strides gets views as plain copies; one that writes a view in
  // place cannot work on a copy, so it declines to the composite.
  const args = table.isStrided(def.name) ? inputs : plainInputs(inputs)
  if (mutates !== undefined && args !== inputs && mutates.some((i) => args[i] !== inputs[i])) {
    releaseCopies(args, inputs)
    return undefined
  }
  const outputs = inferOutputs(def, inputs, attrs)
  // A tensor is its own TensorInfo (storage, shape, dtype): no per-call wrapper objects.
  const result: KernelResult = kernel(args, attrs, outputs)
  if (args !== inputs) releaseCopies(args, inputs)
  if (result === undefined) return undefined
  if (mutates !== undefined) {
    for (let i = 0; i < mutates.length; i++)
      if (mutates[i] < inputs.length) markWritten(inputs[mutates[i]])
  }
  return wrapOutputs(backend, result, outputs)
}

/** `inputs` itself when every one is plain, else a copy of the list with views materialised. */
function plainInputs(inputs: readonly Tensor[]): readonly Tensor[] {
  let out: Tensor[] | undefined
  for (let i = 0; i < inputs.length; i++) {
    if (inputs[i].isPlain) continue
    out ??= inputs.slice()
    out[i] = materialize(inputs[i])
  }
  return out ?? inputs
}

function releaseCopies(args: readonly Tensor[], inputs: readonly Tensor[]): void {
  for (let i = 0; i < args.length; i++) if (args[i] !== inputs[i]) args[i].dispose()
}

/** The forward of a recorded call: kernel or composite, run with grad mode off. */
function runUnrecorded<A>(
  def: OpDefinition<A>,
  inputs: readonly Tensor[],
  attrs: A,
  backend: Backend,
): Tensor | Tensor[] | undefined {
  setGradEnabled(false)
  try {
    return runForward(def, inputs, attrs, backend) ?? def.composite?.(inputs, attrs)
  } finally {
    setGradEnabled(true)
  }
}

function anyRequiresGrad(inputs: readonly Tensor[]): boolean {
  for (let i = 0; i < inputs.length; i++) if (inputs[i].requiresGrad) return true
  return false
}

function missing(name: string, backend: Backend): never {
  fail(name, `no kernel for backend '${backend.name}' and no composite to fall back on`)
}

function claimName(def: OpDefinition<unknown>): void {
  const owner = def.package ?? CORE
  const current = owners.get(def.name)
  if (current !== undefined) {
    fail(
      'defineOp',
      `op '${def.name}' is already defined by '${current}'; '${owner}' cannot define it again (choose another name, e.g. '${def.name.replace(/^(.)/, (c) => c)}_${owner.replace(/^@|[^a-zA-Z0-9]/g, '')}')`,
    )
  }
  owners.set(def.name, owner)
}

/**
 * Turns a definition into a callable op, claiming its name (a name another package already
 * defined is an error naming both). When nothing needs a gradient the op costs one branch:
 * forward runs directly, with no node and no scope.
 */
export function defineOp<A, O extends Tensor | Tensor[] = Tensor>(
  def: OpDefinition<A>,
): (inputs: readonly Tensor[], attrs: A) => O {
  claimName(def as OpDefinition<unknown>)
  const nodeName = def.nodeName ?? `${def.name[0].toUpperCase()}${def.name.slice(1)}Backward`
  return function callOp(inputs, attrs): O {
    maybeCollect()
    const backend = backendOf(def.name, inputs)
    if (!isGradEnabled() || def.nondifferentiable || !anyRequiresGrad(inputs)) {
      const out = runForward(def, inputs, attrs, backend)
      if (out !== undefined) return out as O
      if (def.composite) return def.composite(inputs, attrs) as O
      return missing(def.name, backend)
    }
    const backward = def.backward
    if (!backward) {
      // No rule of its own: differentiate through the composite's parts.
      if (def.composite) return def.composite(inputs, attrs) as O
      if (backend.kernels.has(def.name)) {
        fail(def.name, 'this op has a kernel but no backward rule, so it cannot be differentiated')
      }
      return missing(def.name, backend)
    }
    // With a rule, kernel and composite alike run unrecorded and the rule is the gradient, so the
    // gradient is the same whichever forward ran.
    const out = runUnrecorded(def, inputs, attrs, backend)
    if (out === undefined) return missing(def.name, backend)
    recordOp(nodeName, def, backward, inputs, Array.isArray(out) ? out : [out], attrs)
    return out as O
  }
}
