import { isFloating, type DType } from '../dtype'
import type { BackwardContext, OpDefinition } from '../op'
import type { Shape } from '../shape'
import type { Tensor } from '../tensor'
import { gradientEdge } from './engine'
import { SavingNode, type Edge, type TensorMeta } from './node'

const NO_TENSORS: readonly Tensor[] = []

type Rule<A> = NonNullable<OpDefinition<A>['backward']>

/**
 * The node of one `defineOp` call: it keeps what the op's backward rule reads (attrs, input
 * shapes and dtypes, which inputs want a gradient, the saved tensors) and no closure, so a
 * recorded graph costs little to build and to keep until backward.
 */
class OpNode<A> extends SavingNode {
  constructor(
    name: string,
    next: readonly (Edge | null)[],
    saved: readonly Tensor[],
    private readonly rule: Rule<A>,
    private readonly attrs: A,
    private readonly needsInputGrad: readonly boolean[],
    private readonly inputShapes: readonly Shape[],
    private readonly inputDTypes: readonly DType[],
    private readonly outputMeta: readonly TensorMeta[],
  ) {
    super(name, next, saved)
  }

  get inputs(): readonly TensorMeta[] {
    return this.inputShapes.map((shape, i) => ({ shape, dtype: this.inputDTypes[i] }))
  }

  get outputs(): readonly TensorMeta[] {
    return this.outputMeta
  }

  get outputCount(): number {
    return this.outputMeta.length
  }

  inputShape(i: number): Shape {
    return this.inputShapes[i]
  }

  apply(grads: readonly (Tensor | null)[]): (Tensor | null)[] {
    const ctx: BackwardContext<A> = {
      saved: this.unpackSaved(),
      needsInputGrad: this.needsInputGrad,
      attrs: this.attrs,
      inputShapes: this.inputShapes,
      inputDTypes: this.inputDTypes,
    }
    return grads.length === 1 ? this.rule(ctx, grads[0]) : this.rule(ctx, ...grads)
  }
}

const edgeOrNull = (t: Tensor): Edge | null => gradientEdge(t) ?? null
const isEdge = (e: Edge | null): boolean => e !== null
const shapeOf = (t: Tensor): Shape => t.shape
const dtypeOf = (t: Tensor): DType => t.dtype
const metaOf = (t: Tensor): TensorMeta => ({ shape: t.shape, dtype: t.dtype })

/**
 * Records the node of an op call whose outputs were computed without recording: float outputs
 * get it as `gradFn`, and it points at the edge of each input that wants a gradient.
 */
export function recordOp<A>(
  name: string,
  def: OpDefinition<A>,
  rule: Rule<A>,
  inputs: readonly Tensor[],
  outputs: readonly Tensor[],
  attrs: A,
): void {
  // map() makes arrays of the exact length: push() onto [] would reserve 16 slots per array,
  // and these live as long as the graph.
  const next = inputs.map(edgeOrNull)
  const needs = next.map(isEdge)
  const shapes = inputs.map(shapeOf)
  const dtypes = inputs.map(dtypeOf)
  const saved = def.save ? def.save(inputs, outputs, needs, attrs) : NO_TENSORS
  const meta = outputs.map(metaOf)
  const node = new OpNode(name, next, saved, rule, attrs, needs, shapes, dtypes, meta)
  for (let i = 0; i < outputs.length; i++) {
    if (isFloating(outputs[i].dtype)) outputs[i].attachGradFn(node, i)
  }
}
