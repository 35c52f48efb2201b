import { fail } from '../check'
import { isFloating } from '../dtype'
import { Tensor } from '../tensor'
import { isGradEnabled, noGrad } from './gradMode'
import { recordNode } from './record'

/**
 * What `forward` and `backward` of a custom `Function` share, like PyTorch's `ctx`. Stash
 * non-tensor values on it freely (`ctx.scale = 2`); save tensors with `saveForBackward`.
 */
export class FunctionCtx {
  [stash: string]: unknown
  /** `needsInputGrad[i]`: whether argument `i` is a tensor that wants a gradient. */
  readonly needsInputGrad: readonly boolean[]
  /** Set before `backward` runs; checked against in-place modification. */
  savedTensors: Tensor[] = []
  /** @internal */
  toSave: Tensor[] = []

  constructor(needsInputGrad: readonly boolean[]) {
    this.needsInputGrad = needsInputGrad
  }

  /** Saves tensors for `backward` (as `ctx.savedTensors`), checked against in-place changes. */
  saveForBackward(...tensors: Tensor[]): void {
    this.toSave = tensors
  }
}

type ForwardArgs<F> = F extends (ctx: FunctionCtx, ...args: infer A) => unknown ? A : never
type BackwardResult = Tensor | null | (Tensor | null)[]

/**
 * A differentiable operation written by hand, exactly like `torch.autograd.Function`.
 *
 * @example
 * class Square extends Function {
 *   static override forward(ctx: FunctionCtx, x: Tensor) {
 *     ctx.saveForBackward(x)
 *     return x.mul(x)
 *   }
 *   static override backward(ctx: FunctionCtx, dy: Tensor) {
 *     const [x] = ctx.savedTensors
 *     return dy.mul(x).mul(2)
 *   }
 * }
 * const y = Square.apply(x)
 */
export abstract class Function {
  /** Computes the outputs from the arguments; override it (a static method, as in PyTorch). */
  static forward(_ctx: FunctionCtx, ..._args: unknown[]): Tensor | Tensor[] {
    fail(this.name, 'Function subclasses must implement static forward(ctx, ...args)')
  }

  /**
   * Returns one gradient (or null) per argument of `forward`, given the gradients of its outputs;
   * override it.
   */
  static backward(_ctx: FunctionCtx, ..._grads: Tensor[]): BackwardResult {
    fail(
      this.name,
      'Function subclasses must implement static backward(ctx, ...gradOutputs) to be differentiated',
    )
  }

  /** Runs `forward` and, when an input needs a gradient, records a node that calls `backward`. */
  static apply<F extends typeof Function>(
    this: F,
    ...args: ForwardArgs<F['forward']>
  ): ReturnType<F['forward']> {
    const inputs = (args as unknown[]).map((a) => (a instanceof Tensor ? a : null))
    const needs = inputs.map((t) => t !== null && t.requiresGrad)
    const ctx = new FunctionCtx(needs)
    const raw = noGrad(() => this.forward(ctx, ...(args as unknown[])))
    if (!isGradEnabled() || !needs.some(Boolean)) return raw as ReturnType<F['forward']>
    // An input returned unchanged becomes a new view, so the input itself keeps its place in the graph.
    const fresh = (t: Tensor) => (inputs.includes(t) ? t.detach() : t)
    const out = Array.isArray(raw) ? raw.map(fresh) : fresh(raw)
    const outputs = Array.isArray(out) ? out : [out]
    const backward = this.backward.bind(this)
    const name = this.name
    recordNode(`${name}Backward`, inputs, outputs, ctx.toSave, (saved, grads) => {
      ctx.savedTensors = saved
      const present = grads.find((g): g is Tensor => g !== null)!
      // Unused float outputs get zero gradients, as PyTorch materialises them.
      const filled = grads.map(
        (g, i) =>
          g ??
          (isFloating(outputs[i].dtype)
            ? present.mul(0).sum().expand(outputs[i].shape).cast(outputs[i].dtype)
            : null),
      )
      const result = backward(ctx, ...(filled as Tensor[]))
      const list = Array.isArray(result) ? result : [result]
      if (list.length !== inputs.length) {
        fail(
          name,
          `function ${name}Backward returned an incorrect number of gradients (expected ${inputs.length}, got ${list.length})`,
        )
      }
      return list.map((g, i) => (inputs[i] ? g : null))
    })
    return out as ReturnType<F['forward']>
  }
}
