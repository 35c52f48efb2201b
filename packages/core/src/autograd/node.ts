import type { Shape } from '../shape'
import type { Tensor } from '../tensor'
import type { TensorMeta } from '../backend/kernels'

/** Where a gradient goes next: output `index` of `node`. */
export interface Edge {
  readonly node: Node
  readonly index: number
}

/** A hook sees the gradient of a tensor and may return a replacement. */
export type GradHook = (grad: Tensor) => Tensor | void

export type { TensorMeta } from '../backend/kernels'

/** A tensor saved for backward, with the version it had when saved. */
export class SavedTensor {
  private readonly version: number

  constructor(readonly tensor: Tensor) {
    this.version = tensor.version
  }

  unpack(node: Node): Tensor {
    const t = this.tensor
    if (t.version !== this.version) {
      const output = t.gradFn ? `, which is output ${t.outputIndex} of ${t.gradFn.name}` : ''
      throw new Error(
        `${node.name}: one of the variables needed for gradient computation has been modified by ` +
          `an inplace operation: [${t.dtype} [${t.shape.join(', ')}]]${output}, is at ` +
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
  private firstEdge: Edge | undefined

  constructor(
    readonly name: string,
    readonly next: readonly (Edge | null)[],
  ) {}

  /** Shape and dtype of each input; null for arguments that were not tensors. */
  abstract get inputs(): readonly (TensorMeta | null)[]
  /** Shape and dtype of each output. */
  abstract get outputs(): readonly TensorMeta[]
  /** How many outputs the op had: `apply` takes one gradient (or null) per output. */
  abstract get outputCount(): number
  /** The shape of input `i`, which its gradient is summed back to; null for non-tensors. */
  abstract inputShape(i: number): Shape | null

  /** Runs this node's backward: one gradient (or null) per input, given the outputs' gradients. */
  abstract apply(grads: readonly (Tensor | null)[]): (Tensor | null)[]

  /** Drops saved tensors; called after a backward that does not retain the graph. */
  release(): void {}

  /** The edge into output `index`, one object for every consumer of output 0. */
  edgeTo(index: number): Edge {
    if (index !== 0) return { node: this, index }
    return (this.firstEdge ??= { node: this, index: 0 })
  }
}

/** The sink for a leaf tensor's gradient; the engine accumulates into `variable.grad`. */
export class AccumulateGrad extends Node {
  constructor(readonly variable: Tensor) {
    super('AccumulateGrad', [])
  }

  get inputs(): readonly (TensorMeta | null)[] {
    return []
  }

  get outputs(): readonly TensorMeta[] {
    return [{ shape: this.variable.shape, dtype: this.variable.dtype }]
  }

  get outputCount(): number {
    return 1
  }

  inputShape(): Shape | null {
    return null
  }

  apply(): (Tensor | null)[] {
    return []
  }
}

const NOTHING_SAVED: readonly SavedTensor[] = []

/** A node that saved tensors for its backward, checked against in-place modification. */
export abstract class SavingNode extends Node {
  private saved: readonly SavedTensor[] | null
  private readonly hadSaved: boolean

  constructor(name: string, next: readonly (Edge | null)[], saved: readonly Tensor[]) {
    super(name, next)
    this.saved = saved.length === 0 ? NOTHING_SAVED : saved.map((t) => new SavedTensor(t))
    this.hadSaved = saved.length > 0
  }

  /** The saved tensors, or the error PyTorch gives once they were freed or modified. */
  protected unpackSaved(): Tensor[] {
    if (this.saved === null) {
      throw new Error(
        `${this.name}: trying to backward through the graph a second time (or directly access ` +
          'saved tensors after they have already been freed). Saved intermediate values of the ' +
          'graph are freed when you call backward() or grad(). Pass { retainGraph: true } if you ' +
          'need to backward through the graph a second time',
      )
    }
    return this.saved.map((s) => s.unpack(this))
  }

  override release(): void {
    // Nodes that saved nothing can run again, as in PyTorch.
    if (this.hadSaved) this.saved = null
  }
}

type BackwardFn = (saved: Tensor[], grads: readonly (Tensor | null)[]) => (Tensor | null)[]

/** A node recorded by `Function.apply`, whose backward is a closure. */
export class BackwardNode extends SavingNode {
  constructor(
    name: string,
    next: readonly (Edge | null)[],
    private readonly inputMeta: readonly (TensorMeta | null)[],
    private readonly outputMeta: readonly TensorMeta[],
    saved: readonly Tensor[],
    private readonly backwardFn: BackwardFn,
  ) {
    super(name, next, saved)
  }

  get inputs(): readonly (TensorMeta | null)[] {
    return this.inputMeta
  }

  get outputs(): readonly TensorMeta[] {
    return this.outputMeta
  }

  get outputCount(): number {
    return this.outputMeta.length
  }

  inputShape(i: number): Shape | null {
    return this.inputMeta[i]?.shape ?? null
  }

  /** Runs this node's backward: one gradient (or null) per input, given the outputs' gradients. */
  apply(grads: readonly (Tensor | null)[]): (Tensor | null)[] {
    return this.backwardFn(this.unpackSaved(), grads)
  }
}
