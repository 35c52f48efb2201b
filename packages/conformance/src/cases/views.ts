import { expect } from 'vitest'
import { noGrad, type Tensor } from '@othergrad/core'
import { property, type CaseContext, type ConformanceCase } from '../case'

// Views share storage, as in PyTorch: every scenario mirrors one function of
// tooling/fixtures/views.py step by step, and each named result must equal PyTorch's
// (fixtures/views.json). Errors compare the first words of PyTorch's message.

type Result = number[] | number | boolean | string | null
type Scenario = (ctx: CaseContext) => Record<string, Tensor | Result>

/** 0, 1, 2, ... in `shape`, in the run's dtype. */
function ar(ctx: CaseContext, ...shape: number[]): Tensor {
  const n = shape.reduce((a, b) => a * b, 1)
  return ctx.tensor(Array.from({ length: n }, (_, i) => i)).reshape(shape)
}

function errorOf(fn: () => unknown): string | null {
  try {
    fn()
  } catch (e) {
    return (e as Error).message
  }
  return null
}

/** The first `words` words of PyTorch's message, which othergrad's must contain. */
function gist(message: string, words = 8): string {
  return message.split(' ').slice(0, words).join(' ')
}

function writeThrough(
  ctx: CaseContext,
  makeView: (base: Tensor) => Tensor,
  shape: number[] = [3, 4],
): Record<string, Tensor | Result> {
  const base = ar(ctx, ...shape)
  const view = makeView(base)
  view.mul_(10)
  const out: Record<string, Tensor | Result> = {
    base: base.clone(),
    view: view.clone(),
    shape: [...view.shape],
    stride: view.stride(),
    offset: view.storageOffset(),
  }
  base.add_(1)
  out.viewAfterBaseWrite = view
  return out
}

const SCENARIOS: Record<string, Scenario> = {
  select_writes: (ctx) => writeThrough(ctx, (b) => b.select(1, 2)),
  narrow_writes: (ctx) => writeThrough(ctx, (b) => b.narrow(1, 1, 2)),
  slice_step_writes: (ctx) => writeThrough(ctx, (b) => b.slice(1, 1, undefined, 2)),
  transpose_writes: (ctx) => writeThrough(ctx, (b) => b.t()),
  permute_writes: (ctx) => writeThrough(ctx, (b) => b.permute(2, 0, 1), [2, 3, 4]),
  unsqueeze_writes: (ctx) => writeThrough(ctx, (b) => b.unsqueeze(1)),
  squeeze_writes: (ctx) => writeThrough(ctx, (b) => b.squeeze(1), [3, 1, 4]),
  view_writes: (ctx) => writeThrough(ctx, (b) => b.view(2, 6)),
  reshape_writes: (ctx) => writeThrough(ctx, (b) => b.reshape(4, 3)),
  diagonal_writes: (ctx) => writeThrough(ctx, (b) => b.diagonal(1)),
  unfold_writes: (ctx) => writeThrough(ctx, (b) => b.unfold(1, 2, 2)),
  split_writes: (ctx) => writeThrough(ctx, (b) => b.split(2, 1)[1]),
  chunk_writes: (ctx) => writeThrough(ctx, (b) => b.chunk(3, 0)[2]),
  unbind_writes: (ctx) => writeThrough(ctx, (b) => b.unbind(1)[3]),

  expand_reads: (ctx) => {
    const base = ar(ctx, 3, 1)
    const view = base.expand(3, 4)
    base.add_(1)
    return { view, stride: view.stride(), error: errorOf(() => view.add_(1)) }
  },

  views_of_views: (ctx) => {
    const base = ar(ctx, 4, 5)
    const view = base.t().narrow(0, 1, 3).select(1, 2)
    view.fill_(-1)
    const other = base.slice(0, 1).slice(1, 0, undefined, 2)
    other.add_(100)
    return { base, view, stride: view.stride(), offset: view.storageOffset(), other }
  },

  reshape_of_transpose_copies: (ctx) => {
    const base = ar(ctx, 3, 4)
    const copied = base.t().reshape(12)
    copied.fill_(0)
    const viewed = base.t().reshape(4, 1, 3)
    viewed.fill_(-2)
    return { base, copied }
  },

  inplace_view_grad: (ctx) => {
    const x = ar(ctx, 3, 4).div(10).detach().requiresGrad_()
    const w = ctx.tensor([2, -3, 0.5], { requiresGrad: true })
    const b = x.mul(1)
    const v = b.select(1, 1)
    v.mul_(w)
    const c = ar(ctx, 3, 4).add(1)
    b.mul(c).sum().backward()
    return { b, xGrad: x.grad, wGrad: w.grad, gradFn: b.gradFn!.name }
  },

  inplace_overlapping_views_grad: (ctx) => {
    const x = ar(ctx, 3, 3).div(4).detach().requiresGrad_()
    const b = x.mul(x)
    const row = b.select(0, 0)
    const col = b.select(1, 1)
    row.mul_(2)
    const loss = col
      .mul(ctx.tensor([1, 2, 3]))
      .sum()
      .add(row.sum())
    loss.backward()
    return { col, xGrad: x.grad }
  },

  inplace_strided_view_grad: (ctx) => {
    const x = ar(ctx, 4, 6).div(7).detach().requiresGrad_()
    const b = x.mul(3).sub(1)
    const v = b.t().slice(0, 0, undefined, 2).slice(1, 1, 3)
    v.mul_(v.clone())
    const d = b.diagonal()
    d.add_(d.mul(3))
    b.mul(b).sum().backward()
    return { b, xGrad: x.grad }
  },

  copy_into_slice_grad: (ctx) => {
    const y = ar(ctx, 2, 4).div(3).detach().requiresGrad_()
    const src = ctx.tensor(
      [
        [1, 2],
        [3, 4],
      ],
      { requiresGrad: true },
    )
    const z = y.clone()
    z.narrow(1, 0, 2).copy_(src.mul(2))
    z.mul(z).sum().backward()
    return { z, yGrad: y.grad, srcGrad: src.grad }
  },

  inplace_view_without_grad: (ctx) => {
    const x = ar(ctx, 3, 4).requiresGrad_()
    noGrad(() => {
      x.select(0, 1).fill_(7)
      x.t().select(0, 2).mul_(-1)
    })
    x.mul(x).sum().backward()
    return { x, xGrad: x.grad }
  },

  leaf_view_inplace_error: (ctx) => {
    const x = ar(ctx, 3).requiresGrad_()
    return { error: errorOf(() => x.slice(0, 0, 2).add_(1)) }
  },

  version_counter_error: (ctx) => {
    const x = ar(ctx, 2, 3).requiresGrad_()
    const a = x.mul(2)
    const y = a.mul(a)
    a.narrow(1, 0, 1).add_(1)
    return { error: errorOf(() => y.sum().backward()) }
  },

  contiguous_round_trip: (ctx) => {
    const base = ar(ctx, 3, 4)
    const t = base.t()
    const c = t.contiguous()
    const same = base.contiguous()
    c.fill_(0)
    return {
      tContiguous: t.isContiguous(),
      cContiguous: c.isContiguous(),
      cStride: c.stride(),
      sameIsBase: same === base,
      cShares: c.isSameStorage(base),
      base,
      sliceContiguous: base.slice(0, 1).isContiguous(),
      stepContiguous: base.slice(1, 0, undefined, 2).isContiguous(),
    }
  },

  grads_through_strided_views: (ctx) => {
    const x = ar(ctx, 4, 5).div(10).sub(0.8).detach().requiresGrad_()
    const w = ar(ctx, 4, 3).div(5).sub(1).detach().requiresGrad_()
    const out = x.t().matmul(w)
    const part = x
      .slice(0, 0, undefined, 2)
      .slice(1, 1, undefined, 2)
      .exp()
      .sum()
      .add(x.diagonal().pow(2).sum())
    const win = x.unfold(1, 3, 1).sum(-1)
    const loss = out.mul(out).sum().add(part).add(win.mul(win).sum())
    loss.backward()
    return { loss: loss.reshape([1]), xGrad: x.grad, wGrad: w.grad }
  },

  binary_on_views: (ctx) => {
    const a = ar(ctx, 6, 8)
    const b = ar(ctx, 8, 6)
    const d = a.diagonal().unsqueeze(1)
    return {
      tPlus: a.t().add(b),
      stepMul: a.slice(1, 0, undefined, 2).mul(a.slice(1, 1, undefined, 2)),
      selectSub: a.select(1, 3).sub(a.narrow(1, 0, 1).squeeze(1)),
      expandDiv: a.div(d.add(1).expand(6, 8)),
      compare: a.t().gt(b).cast(ctx.dtype),
      bothBroadcast: a.slice(0, 2, 3).slice(1, 5, 6).expand(3, 4).mul(ctx.tensor(2)),
    }
  },

  large_binary_on_views: (ctx) => {
    const a = ar(ctx, 300, 256).div(1000)
    const b = ar(ctx, 256, 300).div(1000)
    const c = a.t().mul(b).add(a.t())
    return {
      sample: c.slice(0, 0, undefined, 50).slice(1, 0, undefined, 37),
      rows: c.select(0, 7).slice(0, 5, 9),
    }
  },

  index_views: (ctx) => {
    const x = ar(ctx, 3, 4)
    const idx = ctx.tensor([[2], [0], [3]]).cast('int32').expand(3, 2)
    const cols = ctx.tensor([3, 1, 0, 2]).cast('int32').slice(0, 0, undefined, 2)
    return { gathered: x.gather(1, idx), selected: x.indexSelect(1, cols) }
  },

  expand_then_sum_grad: (ctx) => {
    const x = ctx.tensor([1, -2, 3], { requiresGrad: true })
    const e = x.unsqueeze(0).expand(4, 3)
    e.mul(ar(ctx, 4, 3))
      .sum()
      .backward()
    return { xGrad: x.grad, stride: e.stride() }
  },
}

async function check(ctx: CaseContext, name: string, scenario: Scenario): Promise<void> {
  const { cases } = await ctx.fixture<Record<string, Result>>('views')
  const expected = cases[name]
  if (!expected) throw new Error(`views: no fixture '${name}'; run tooling/fixtures/views.py`)
  const got = scenario(ctx)
  expect(Object.keys(got).sort(), `${name}: results`).toEqual(Object.keys(expected).sort())
  for (const [key, want] of Object.entries(expected)) {
    const value = got[key]
    const what = `views/${name}: ${key}`
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      await ctx.expectClose(
        (value as Tensor).reshape([-1]),
        want as number[],
        key.endsWith('Grad') ? 'grad' : 'forward',
        what,
      )
    } else if (typeof want === 'string' && key === 'error') {
      expect(value, what).toEqual(expect.stringContaining(gist(want)))
    } else if (typeof want === 'string') {
      expect(value, what).toBe(want)
    } else {
      expect(value, what).toEqual(want)
    }
  }
}

export const viewCases: ConformanceCase[] = Object.entries(SCENARIOS).map(([name, scenario]) =>
  property('views', name.replace(/_/g, ' '), (ctx) => check(ctx, name, scenario)),
)
