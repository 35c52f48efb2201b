import { isFloating } from '../dtype'
import type { Tensor } from '../tensor'
import { gradientEdge } from './engine'
import { BackwardNode, type Edge } from './node'

export type BackwardRule = (saved: Tensor[], grads: readonly (Tensor | null)[]) => (Tensor | null)[]

/**
 * Records one node for an op call whose outputs were computed without recording: the outputs
 * (float ones) get `gradFn` and `requiresGrad`, and the node points at each input's edge.
 */
export function recordNode(
  name: string,
  inputs: readonly (Tensor | null)[],
  outputs: readonly Tensor[],
  saved: readonly Tensor[],
  backward: BackwardRule,
): void {
  const next: (Edge | null)[] = inputs.map((t) => (t ? (gradientEdge(t) ?? null) : null))
  const node = new BackwardNode(
    name,
    next,
    inputs.map((t) => (t ? { shape: t.shape, dtype: t.dtype } : null)),
    outputs.map((t) => ({ shape: t.shape, dtype: t.dtype })),
    saved,
    backward,
  )
  outputs.forEach((t, i) => {
    if (isFloating(t.dtype)) t.attachGradFn(node, i)
  })
}
