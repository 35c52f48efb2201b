import type { Backend } from './backend/backend'
import { getBackend } from './backend/registry'
import { isGradEnabled, setGradEnabled } from './autograd/gradMode'
import { recordOp } from './autograd/opNode'
import { fail } from './check'
import { maybeCollect } from './collector'
import type { Shape } from './shape'
import type { DType } from './dtype'
import type { Tensor } from './tensor'

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

/** A kernel for one op on one backend; returns undefined to decline (then the composite runs). */
export type OpKernel<A> = (
  inputs: readonly Tensor[],
  attrs: A,
  backend: Backend,
) => Tensor | Tensor[] | undefined

/**
 * The one way ops are defined, by core and by operator packages alike.
 *
 * - `kernel`: runs on a backend (core's primitives call the Backend interface; operator packages
 *   register per-backend kernels with `registerKernel`). Needs `backward` to be differentiable.
 * - `composite`: written with other ops, runs on every backend when no kernel applies. Without a
 *   `backward` it is differentiated through its parts; with one, the rule is the gradient.
 * - `backward(ctx, ...dys)`: one gradient (or null) per input, written with ops so it can itself
 *   be differentiated. It never reduces broadcast dims: the engine does that.
 */
export interface OpDefinition<A> {
  name: string
  /** The backward node's name; `<Name>Backward` by default. */
  nodeName?: string
  kernel?: OpKernel<A>
  /** The forward written with other ops: runs on every backend when no kernel applies. */
  composite?: (inputs: readonly Tensor[], attrs: A) => Tensor | Tensor[]
  /** Which tensors backward reads; only called when some input needs a gradient. */
  save?: (
    inputs: readonly Tensor[],
    outputs: readonly Tensor[],
    needsInputGrad: readonly boolean[],
    attrs: A,
  ) => Tensor[]
  /**
   * The gradient rule: one gradient (or null) per input, written with ops; it is the op's gradient
   * whichever forward ran.
   */
  backward?: (ctx: BackwardContext<A>, ...dys: (Tensor | null)[]) => (Tensor | null)[]
  /** Outputs carry no gradient (comparisons, argmax): no node is recorded. */
  nondifferentiable?: true
}

/** A callable op made by `defineOp`. */
export type OpFn<A, O extends Tensor | Tensor[] = Tensor> = (
  inputs: readonly Tensor[],
  attrs: A,
) => O

const kernels = new Map<string, Map<string, OpKernel<never>>>()

/** Registers `kernel` for op `opName` on backend `backendName` (used by operator packages). */
export function registerKernel<A>(opName: string, backendName: string, kernel: OpKernel<A>): void {
  let byBackend = kernels.get(opName)
  if (!byBackend) kernels.set(opName, (byBackend = new Map()))
  byBackend.set(backendName, kernel as OpKernel<never>)
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

function runForward<A>(
  def: OpDefinition<A>,
  inputs: readonly Tensor[],
  attrs: A,
  backend: Backend,
): Tensor | Tensor[] | undefined {
  const registered = kernels.get(def.name)?.get(backend.name) as OpKernel<A> | undefined
  return (registered ?? def.kernel)?.(inputs, attrs, backend)
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

/**
 * Turns a definition into a callable op. When nothing needs a gradient the op costs one branch:
 * forward runs directly, with no node and no scope.
 */
export function defineOp<A, O extends Tensor | Tensor[] = Tensor>(
  def: OpDefinition<A>,
): (inputs: readonly Tensor[], attrs: A) => O {
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
      if (def.kernel || kernels.has(def.name)) {
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
