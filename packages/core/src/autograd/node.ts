import type { DType } from '../dtype'
import type { Shape } from '../shape'
import type { Tensor } from '../tensor'

/** Where a gradient goes next: output `index` of `node`. */
export interface Edge {
  readonly node: Node
  readonly index: number
}

/** A hook sees the gradient of a tensor and may return a replacement. */
export type GradHook = (grad: Tensor) => Tensor | void

export interface TensorMeta {
  readonly shape: Shape
  readonly dtype: DType
}

/** A tensor saved for backward, with the version it had when saved. */
export class SavedTensor {
  private readonly version: number

  constructor(readonly tensor: Tensor) {
    this.version = tensor.version
  }

  unpack(node: Node, outputIndexOf: (t: Tensor) => string): Tensor {
    const t = this.tensor
    if (t.version !== this.version) {
      throw new Error(
        `${node.name}: one of the variables needed for gradient computation has been modified by ` +
          `an inplace operation: [${t.dtype} [${t.shape.join(', ')}]]${outputIndexOf(t)}, is at ` +
          `version ${t.version}; expected version ${this.version} instead`,
      )
    }
    return t
  }
}

/**
 * A node of the backward graph: one per recorded op call (and one `AccumulateGrad` per leaf).
 * `next[i]` is where the gradient for input `i` goes; `null` when input `i` needs no gradient.
 */
export abstract class Node {
  /** Hooks registered on the non-leaf tensors this node produced, by output index. */
  hooks: Map<number, GradHook[]> | undefined
  /** Non-leaf outputs that asked for `retainGrad()`, by output index. */
  retained: Map<number, Tensor> | undefined

  constructor(
    readonly name: string,
    readonly next: readonly (Edge | null)[],
    readonly inputs: readonly (TensorMeta | null)[],
    readonly outputs: readonly TensorMeta[],
  ) {}

  abstract apply(grads: readonly (Tensor | null)[]): (Tensor | null)[]

  /** Drops saved tensors; called after a backward that does not retain the graph. */
  release(): void {}
}

/** The sink for a leaf tensor's gradient; the engine accumulates into `variable.grad`. */
export class AccumulateGrad extends Node {
  constructor(readonly variable: Tensor) {
    super('AccumulateGrad', [], [], [{ shape: variable.shape, dtype: variable.dtype }])
  }

  apply(): (Tensor | null)[] {
    return []
  }
}

type BackwardFn = (saved: Tensor[], grads: readonly (Tensor | null)[]) => (Tensor | null)[]

/** A node recorded by `Function.apply` or an op with a kernel and a backward rule. */
export class BackwardNode extends Node {
  private saved: SavedTensor[] | null
  private readonly hadSaved: boolean

  constructor(
    name: string,
    next: readonly (Edge | null)[],
    inputs: readonly (TensorMeta | null)[],
    outputs: readonly TensorMeta[],
    saved: readonly Tensor[],
    private readonly backwardFn: BackwardFn,
  ) {
    super(name, next, inputs, outputs)
    this.saved = saved.map((t) => new SavedTensor(t))
    this.hadSaved = saved.length > 0
  }

  apply(grads: readonly (Tensor | null)[]): (Tensor | null)[] {
    if (this.saved === null) {
      throw new Error(
        `${this.name}: trying to backward through the graph a second time (or directly access ` +
          'saved tensors after they have already been freed). Saved intermediate values of the ' +
          'graph are freed when you call backward() or grad(). Pass { retainGraph: true } if you ' +
          'need to backward through the graph a second time',
      )
    }
    const saved = this.saved.map((s) => s.unpack(this, (t) => this.describeOutput(t)))
    return this.backwardFn(saved, grads)
  }

  override release(): void {
    // Nodes that saved nothing can run again, as in PyTorch.
    if (this.hadSaved) this.saved = null
  }

  private describeOutput(t: Tensor): string {
    return t.gradFn ? `, which is output ${t.outputIndex} of ${t.gradFn.name}` : ''
  }
}
