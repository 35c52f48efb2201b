import { describeValue, fail } from '../check'
import { formatShape, shapesEqual, type Shape } from '../shape'
import type { StorageRef } from '../storageRef'
import { Tensor } from '../tensor'
import { isGradEnabled, noGrad, setGradEnabled } from './gradMode'
import { AccumulateGrad, type Edge, type GradHook, type Node } from './node'
import { closeScope, openScope } from '../memory'

export interface RunOptions {
  retainGraph: boolean
  createGraph: boolean
  /** Functional `grad()`: capture the gradients of these tensors instead of accumulating. */
  capture?: readonly Tensor[]
  /** `backward({ inputs })`: accumulate only into these. */
  accumulateOnly?: readonly Tensor[]
}

/** The edge through which a gradient reaches `t`, or undefined when `t` is not differentiable. */
export function gradientEdge(t: Tensor): Edge | undefined {
  if (t.gradFn) return t.gradFn.edgeTo(t.outputIndex)
  if (t.requiresGrad) return t.gradAccumulator().edgeTo(0)
  return undefined
}

/** Sums a broadcast gradient back to the shape of the input it flows to (done once, here). */
export function sumToShape(grad: Tensor, shape: Shape): Tensor {
  if (shapesEqual(grad.shape, shape)) return grad
  const lead = grad.ndim - shape.length
  const axes: number[] = []
  for (let i = 0; i < grad.ndim; i++) {
    if (i < lead || (shape[i - lead] === 1 && grad.shape[i] !== 1)) axes.push(i)
  }
  const summed = axes.length > 0 ? grad.sum(axes, true) : grad
  return summed.reshape(shape)
}

/**
 * Checks a gradient given for `output` (to `backward` or `grad`), as PyTorch's `_make_grads` does:
 * a tensor of the output's shape on its backend. A gradient of another dtype is cast to the
 * output's, as PyTorch's engine casts it.
 */
export function checkGradOutput(op: string, output: Tensor, grad: unknown, index: number): Tensor {
  if (!(grad instanceof Tensor)) {
    fail(op, `grad_output[${index}] must be a Tensor, got ${describeValue(grad)}`)
  }
  if (!shapesEqual(grad.shape, output.shape)) {
    fail(
      op,
      `Mismatch in shape: grad_output[${index}] has a shape of ${formatShape(grad.shape)} and output[${index}] has a shape of ${formatShape(output.shape)}`,
    )
  }
  if (grad.backend !== output.backend) {
    fail(
      op,
      `grad_output[${index}] is on backend '${grad.backend.name}' but output[${index}] is on '${output.backend.name}'; move it with await t.to('${output.backend.name}')`,
    )
  }
  return grad.dtype === output.dtype ? grad : noGrad(() => grad.cast(output.dtype))
}

type Buffers = Map<Node, (Tensor | null)[]>

/**
 * Runs backward from `roots` with the given output gradients: Kahn's algorithm over dependency
 * counts, so each node runs once, after every gradient flowing into it has been summed.
 * Returns the captured gradients (functional `grad`), in `capture` order.
 */
export function runBackward(
  roots: readonly Tensor[],
  rootGrads: readonly Tensor[],
  options: RunOptions,
): (Tensor | null)[] {
  const targets = new Map<Node, Map<number, number>>()
  const addTarget = (edge: Edge, slot: number) => {
    let m = targets.get(edge.node)
    if (!m) targets.set(edge.node, (m = new Map()))
    m.set(edge.index, slot)
  }
  const capture = options.capture
  capture?.forEach((t, slot) => {
    const edge = gradientEdge(t)
    if (!edge) fail('grad', `input ${slot} does not require grad and does not have a grad_fn`)
    addTarget(edge, slot)
  })
  options.accumulateOnly?.forEach((t, slot) => {
    const edge = gradientEdge(t)
    if (!edge) fail('backward', `input ${slot} does not require grad and does not have a grad_fn`)
    addTarget(edge, -1)
  })
  const everyLeaf = capture === undefined && options.accumulateOnly === undefined

  const buffers: Buffers = new Map()
  const rootNodes: Node[] = []
  roots.forEach((root, i) => {
    const edge = gradientEdge(root)
    if (!edge) {
      fail('backward', `element ${i} of tensors does not require grad and does not have a grad_fn`)
    }
    addGrad(buffers, edge, rootGrads[i])
    rootNodes.push(edge.node)
  })

  const needed = findNeeded(
    rootNodes,
    (n) => targets.has(n) || (everyLeaf && n instanceof AccumulateGrad),
  )
  const deps = new Map<Node, number>()
  for (const node of needed) {
    for (const e of node.next)
      if (e && needed.has(e.node)) deps.set(e.node, (deps.get(e.node) ?? 0) + 1)
  }

  const captured: (Tensor | null)[] = capture ? capture.map(() => null) : []
  // Storages already handed to a .grad: a second owner gets a copy, so in-place accumulation
  // never writes through an alias (add's backward passes the same dy to both inputs).
  const owned = new Set<StorageRef>(rootGrads.map((g) => g.storageRef))
  const ready: Node[] = [...new Set(rootNodes)].filter((n) => needed.has(n) && !deps.get(n))
  // Gradients made during this pass are freed at its end, except the ones that leave it (.grad,
  // captured results, what hooks saw), so a training loop does not wait for GC to reclaim them.
  // A createGraph pass keeps everything: the new graph refers to its intermediates.
  const scope = options.createGraph ? undefined : openScope()
  const kept = new Set<Tensor>()
  const prevMode = isGradEnabled()
  setGradEnabled(options.createGraph)
  try {
    while (ready.length > 0) {
      const node = ready.pop()!
      const grads = buffers.get(node) ?? []
      buffers.delete(node)
      applyHooks(node, grads, options.createGraph, kept)
      const slots = targets.get(node)
      if (slots) {
        for (const [index, slot] of slots) {
          if (slot < 0) continue
          captured[slot] = grads[index] ?? null
          if (grads[index]) kept.add(grads[index]!)
        }
      }
      if (node instanceof AccumulateGrad) {
        if (capture === undefined && grads[0]) {
          accumulate(node.variable, grads[0], options.createGraph, owned)
          kept.add(node.variable.grad!)
        }
        continue
      }
      // A capture target with nothing needed behind it has done its job.
      if (!leadsTo(node, needed)) continue
      const inputGrads = runNode(node, grads)
      const next = node.next
      for (let i = 0; i < next.length; i++) {
        const edge = next[i]
        if (!edge || !needed.has(edge.node)) continue
        const g = inputGrads[i]
        if (g) addGrad(buffers, edge, sumToShape(g, node.inputShape(i)!))
        const left = deps.get(edge.node)! - 1
        deps.set(edge.node, left)
        if (left === 0) ready.push(edge.node)
      }
      if (!options.retainGraph) node.release()
    }
  } finally {
    setGradEnabled(prevMode)
    if (scope) closeScope(scope, kept)
  }
  return captured
}

/** Whether some edge of `node` leads to a node in `set`. */
function leadsTo(node: Node, set: ReadonlySet<Node>): boolean {
  for (const e of node.next) if (e !== null && set.has(e.node)) return true
  return false
}

function runNode(node: Node, grads: (Tensor | null)[]): (Tensor | null)[] {
  const count = node.outputCount
  const outputGrads = new Array<Tensor | null>(count)
  let any = false
  for (let i = 0; i < count; i++) {
    const g = grads[i] ?? null
    if (g) any = true
    outputGrads[i] = g
  }
  if (!any) return node.next.map(() => null)
  const inputGrads = node.apply(outputGrads)
  if (inputGrads.length !== node.next.length) {
    fail(
      node.name,
      `backward returned ${inputGrads.length} gradients, expected ${node.next.length} (one per input)`,
    )
  }
  return inputGrads
}

function addGrad(buffers: Buffers, edge: Edge, grad: Tensor): void {
  const slot = buffers.get(edge.node)
  if (!slot) {
    // Sized to the node's outputs: growing [] would reserve 16 slots.
    const grads = new Array<Tensor | null>(edge.node.outputCount).fill(null)
    grads[edge.index] = grad
    buffers.set(edge.node, grads)
    return
  }
  const prev = slot[edge.index]
  slot[edge.index] = prev ? prev.add(grad) : grad
}

/** Runs tensor hooks (a hook may replace the gradient) and fills retained grads. */
function applyHooks(
  node: Node,
  grads: (Tensor | null)[],
  createGraph: boolean,
  kept: Set<Tensor>,
): void {
  if (node instanceof AccumulateGrad ? !node.variable.leafHooks : !node.hooks && !node.retained)
    return
  const run = (hooks: readonly GradHook[], index: number) => {
    for (const hook of hooks) {
      const g = grads[index]
      if (!g) return
      kept.add(g) // a hook may keep what it was shown
      // ... or what it makes (`saved.push(g.clone())`): its tensors outlive the pass.
      const made = openScope()
      let replaced: Tensor | void
      try {
        replaced = hook(g)
      } finally {
        closeScope(made, made)
        for (const t of made) kept.add(t)
      }
      if (replaced) kept.add((grads[index] = replaced))
    }
  }
  if (node instanceof AccumulateGrad) {
    if (node.variable.leafHooks) run(node.variable.leafHooks, 0)
    return
  }
  node.hooks?.forEach(run)
  node.retained?.forEach((t, index) => {
    const g = grads[index]
    if (!g) return
    const value = createGraph ? g : g.detach()
    t.grad = t.grad ? noGradUnless(createGraph, () => t.grad!.add(value)) : value
    kept.add(t.grad)
  })
}

function noGradUnless<T>(createGraph: boolean, fn: () => T): T {
  return createGraph ? fn() : noGrad(fn)
}

function accumulate(
  leaf: Tensor,
  grad: Tensor,
  createGraph: boolean,
  owned: Set<StorageRef>,
): void {
  if (createGraph) {
    leaf.grad = leaf.grad ? leaf.grad.add(grad) : grad
    return
  }
  noGrad(() => {
    const existing = leaf.grad
    if (existing && !existing.gradFn) {
      existing.add_(grad)
    } else if (existing) {
      leaf.grad = existing.add(grad)
    } else {
      const fresh = owned.has(grad.storageRef) ? grad.clone() : grad.detach()
      owned.add(fresh.storageRef)
      leaf.grad = fresh
    }
  })
}

/** Nodes reachable from `roots` from which some target can be reached. */
function findNeeded(roots: readonly Node[], isTarget: (n: Node) => boolean): Set<Node> {
  const needed = new Set<Node>()
  const visited = new Set<Node>()
  // Iterative post-order DFS: deep graphs (long chains) must not overflow the JS stack. The
  // stack is two parallel arrays (node, next child to visit), so a visit allocates nothing.
  const nodes: Node[] = []
  const children: number[] = []
  for (const root of roots) {
    if (visited.has(root)) continue
    visited.add(root)
    nodes.push(root)
    children.push(0)
    while (nodes.length > 0) {
      const top = nodes.length - 1
      const node = nodes[top]
      const next = node.next
      const child = children[top]
      if (child < next.length) {
        children[top] = child + 1
        const e = next[child]
        if (e && !visited.has(e.node)) {
          visited.add(e.node)
          nodes.push(e.node)
          children.push(0)
        }
        continue
      }
      nodes.pop()
      children.pop()
      if (isTarget(node) || leadsTo(node, needed)) needed.add(node)
    }
  }
  return needed
}
