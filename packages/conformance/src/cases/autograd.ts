import { expect } from 'vitest'
import {
  Function as AutogradFunction,
  div,
  enableGrad,
  grad,
  isGradEnabled,
  mul,
  noGrad,
  tensor,
  type FunctionCtx,
  type Tensor,
} from '@othergrad/core'
import { op, property, throws, type ConformanceCase } from '../case'

// Engine semantics every backend must keep: the autograd engine runs its backward rules on the
// backend's kernels, so each rule below is checked once per backend.

/** micrograd's test_more_ops: one long chained expression, against PyTorch float64. */
function micrograd(a: Tensor, b: Tensor): Tensor {
  let c = a.add(b)
  let d = a.mul(b).add(b.pow(3))
  c = c.add(c).add(1)
  c = c.add(1).add(c).add(a.neg())
  d = d.add(d.mul(2)).add(b.add(a).relu())
  d = d.add(mul(3, d)).add(b.sub(a).relu())
  const e = c.sub(d)
  const f = e.pow(2)
  const g = f.div(2)
  return g.add(div(10, f))
}

/** micrograd's test_sanity_check. */
function microgradSanity(x: Tensor): Tensor {
  const z = mul(2, x).add(2).add(x)
  const q = z.relu().add(z.mul(x))
  const h = z.mul(z).relu()
  return h.add(q).add(q.mul(x))
}

/** A user-defined op, exactly as one writes `torch.autograd.Function`. */
class Cube extends AutogradFunction {
  static override forward(ctx: FunctionCtx, x: Tensor): Tensor {
    ctx.saveForBackward(x)
    return x.pow(3)
  }

  static override backward(ctx: FunctionCtx, dy: Tensor): Tensor {
    const [x] = ctx.savedTensors
    return dy.mul(x.pow(2)).mul(3) // d x^3 = 3x^2
  }
}

/** Two tensor inputs and a number; backward skips what is not needed. */
class ScaledAdd extends AutogradFunction {
  static override forward(ctx: FunctionCtx, a: Tensor, b: Tensor, alpha: number): Tensor {
    ctx.alpha = alpha
    return a.add(b.mul(alpha))
  }

  static override backward(ctx: FunctionCtx, dy: Tensor): (Tensor | null)[] {
    return [ctx.needsInputGrad[0] ? dy : null, ctx.needsInputGrad[1] ? dy.mul(ctx.alpha as number) : null, null]
  }
}

export const autogradCases: ConformanceCase[] = [
  op('autograd', 'micrograd', micrograd),
  op('autograd', 'micrograd sanity', microgradSanity),

  property('autograd', 'accumulates .grad on leaves across two backward calls, and only on leaves', async (ctx) => {
    const x = ctx.tensor([1, 2, 3], { requiresGrad: true })
    x.mul(x).sum().backward() // 2x
    const y = x.add(1)
    y.mul(3).sum().backward() // + 3
    await ctx.expectClose(x.grad, [5, 7, 9], 'grad', 'x.grad')
    expect(y.isLeaf).toBe(false)
    expect(y.grad).toBeNull()
  }),
  property('autograd', 'frees the graph after backward, so a second backward through it throws', (ctx) => {
    const x = ctx.tensor([0.5, -1], { requiresGrad: true })
    const y = x.exp().sum()
    y.backward()
    expect(() => y.backward()).toThrow(/backward through the graph a second time/)
  }),
  property('autograd', 'keeps the graph for a second backward with retainGraph', async (ctx) => {
    const x = ctx.tensor([0.5, -1], { requiresGrad: true })
    const y = x.exp().sum()
    y.backward(undefined, { retainGraph: true })
    y.backward()
    await ctx.expectClose(x.grad, [2 * Math.exp(0.5), 2 * Math.exp(-1)], 'grad', 'x.grad')
  }),
  property('autograd', 'takes a backward gradient for a non-scalar output', async (ctx) => {
    const x = ctx.tensor([1, 2, 3], { requiresGrad: true })
    x.mul(x).backward(ctx.tensor([1, 0.5, -1]))
    await ctx.expectClose(x.grad, [2, 2, -6], 'grad', 'x.grad')
  }),
  property('autograd', 'gives higher-order derivatives through grad() with createGraph', async (ctx) => {
    const x = ctx.tensor([1, -2, 0.5], { requiresGrad: true })
    const [d1] = grad(x.pow(3).sum(), [x], { createGraph: true })
    await ctx.expectClose(d1, [3, 12, 0.75], 'grad', 'd/dx x^3')
    const [d2] = grad(d1!.sum(), [x], { createGraph: true })
    await ctx.expectClose(d2, [6, -12, 3], 'grad', 'd2/dx2 x^3')
    const [d3] = grad(d2!.sum(), [x])
    await ctx.expectClose(d3, [6, 6, 6], 'grad', 'd3/dx3 x^3')
    expect(x.grad).toBeNull()
  }),
  property('autograd', 'differentiates a gradient mixed with other terms (createGraph through backward)', async (ctx) => {
    const x = ctx.tensor([0.3, -0.7], { requiresGrad: true })
    const y = x.sin().mul(x).sum()
    y.backward(undefined, { createGraph: true })
    // x.grad = sin x + x cos x; differentiate it again: 2 cos x - x sin x
    const g = x.grad!
    expect(g.requiresGrad).toBe(true)
    const [gg] = grad(g.sum(), [x])
    await ctx.expectClose(gg, [0.3, -0.7].map((v) => 2 * Math.cos(v) - v * Math.sin(v)), 'grad', 'd/dx x.grad')
  }),
  property('autograd', 'throws for an unused input unless allowUnused, which gives null', async (ctx) => {
    const x = ctx.tensor([1, 2], { requiresGrad: true })
    const unused = ctx.tensor([3], { requiresGrad: true })
    const y = x.mul(2).sum()
    expect(() => grad(y, [x, unused], { retainGraph: true })).toThrow(/appears to not have been used in the graph/)
    const [gx, gu] = grad(y, [x, unused], { allowUnused: true })
    await ctx.expectClose(gx, [2, 2], 'grad', 'dy/dx')
    expect(gu).toBeNull()
  }),
  property('autograd', 'runs a leaf hook that replaces the gradient, until it is removed', async (ctx) => {
    const x = ctx.tensor([1, 2], { requiresGrad: true })
    const seen: Tensor[] = []
    const handle = x.registerHook((g) => {
      seen.push(g)
      return g.mul(10)
    })
    x.mul(3).sum().backward()
    await ctx.expectClose(x.grad, [30, 30], 'grad', 'x.grad with the hook')
    await ctx.expectClose(seen[0], [3, 3], 'grad', 'gradient the hook saw')
    handle.remove()
    x.mul(3).sum().backward()
    await ctx.expectClose(x.grad, [33, 33], 'grad', 'x.grad after removing the hook')
  }),
  property('autograd', 'runs a non-leaf hook whose result flows on to the inputs', async (ctx) => {
    const x = ctx.tensor([1, 2], { requiresGrad: true })
    const y = x.mul(3)
    y.registerHook((g) => g.mul(0).add(1)) // dL/dy replaced by ones
    y.mul(y).sum().backward()
    await ctx.expectClose(x.grad, [3, 3], 'grad', 'x.grad')
    expect(y.grad).toBeNull()
  }),
  property('autograd', 'keeps the gradient of a non-leaf that called retainGrad', async (ctx) => {
    const x = ctx.tensor([1, -2], { requiresGrad: true })
    const y = x.mul(2)
    y.retainGrad()
    y.mul(y).sum().backward()
    await ctx.expectClose(y.grad, [4, -8], 'grad', 'y.grad')
    await ctx.expectClose(x.grad, [8, -16], 'grad', 'x.grad')
  }),
  property('autograd', 'throws when a tensor saved for backward was modified in place', (ctx) => {
    const x = ctx.tensor([1, 2], { requiresGrad: true })
    const y = x.exp() // exp saves its output
    y.add_(1)
    expect(() => y.sum().backward()).toThrow(/modified by an inplace operation/)
  }),
  property('autograd', 'records nothing inside noGrad, and again inside enableGrad', (ctx) => {
    const x = ctx.tensor([1, 2], { requiresGrad: true })
    const y = noGrad(() => x.mul(2))
    expect(y.requiresGrad).toBe(false)
    expect(y.gradFn).toBeNull()
    const z = noGrad(() => enableGrad(() => x.mul(2)))
    expect(z.requiresGrad).toBe(true)
    expect(isGradEnabled()).toBe(true)
  }),
  property('autograd', 'detaches a tensor that shares data but not the graph', async (ctx) => {
    const x = ctx.tensor([1, 2], { requiresGrad: true })
    const y = x.mul(2)
    const d = y.detach()
    expect(d.requiresGrad).toBe(false)
    expect(d.isLeaf).toBe(true)
    noGrad(() => d.add_(1))
    await ctx.expectClose(y, [3, 5], 'forward', 'y after an in-place change through its detached view')
    const z = d.mul(x).sum()
    z.backward()
    await ctx.expectClose(x.grad, [3, 5], 'grad', 'x.grad (no gradient flows through the detached tensor)')
  }),
  property('autograd', 'runs a custom Function subclass', async (ctx) => {
    const x = ctx.tensor([1, -2, 0.5], { requiresGrad: true })
    const y = Cube.apply(x)
    expect(y.gradFn?.name).toBe('CubeBackward')
    await ctx.expectClose(y, [1, -8, 0.125], 'forward', 'Cube.apply(x)')
    y.sum().backward()
    await ctx.expectClose(x.grad, [3, 12, 0.75], 'grad', 'x.grad')
  }),
  property('autograd', 'passes needsInputGrad and non-tensor arguments to a custom Function', async (ctx) => {
    const a = ctx.tensor([1, 2], { requiresGrad: true })
    const b = ctx.tensor([3, 4])
    const y = ScaledAdd.apply(a, b, 2)
    await ctx.expectClose(y, [7, 10], 'forward', 'ScaledAdd.apply(a, b, 2)')
    y.mul(ctx.tensor([1, -1])).sum().backward()
    await ctx.expectClose(a.grad, [1, -1], 'grad', 'a.grad')
    expect(b.grad).toBeNull()
  }),
  property('autograd', 'accumulates only into the tensors passed as backward inputs', async (ctx) => {
    const a = ctx.tensor([1, 2], { requiresGrad: true })
    const b = ctx.tensor([3, 4], { requiresGrad: true })
    a.mul(b).sum().backward(undefined, { inputs: [a] })
    await ctx.expectClose(a.grad, [3, 4], 'grad', 'a.grad')
    expect(b.grad).toBeNull()
  }),
  throws('backward', 'needs a gradient for a non-scalar output', (ctx) => ctx.randn([3], { requiresGrad: true }).mul(2).backward(), /grad can be implicitly created only for scalar outputs/),
  throws('backward', 'rejects a tensor that does not require grad', (ctx) => ctx.randn([3]).sum().backward(), /does not require grad/),
  throws('add_', 'rejects an in-place change of a leaf that requires grad', (ctx) => ctx.randn([3], { requiresGrad: true }).add_(1), /a leaf Variable that requires grad is being used in an in-place operation/),
  throws('requiresGrad', 'rejects an int32 tensor', (ctx) => tensor([1, 2], { dtype: 'int32', backend: ctx.backend }).requiresGrad_(), /only Tensors of floating point dtype can require gradients/),
]
