import { expect } from 'vitest'
import { crossEntropy, keep, linear, memory, noGrad, randint, tidy, type Tensor } from '@othergrad/core'
import { property, type ConformanceCase } from '../case'

// Tensor counts and bytes are read in one synchronous stretch around each `tidy`, so no
// finalizer (which only runs between tasks) can change them in between.

function snapshot(backend: string) {
  const m = memory()[backend]
  return { tensors: m.tensors, bytes: m.bytes, storages: m.storages, backendBytes: m.backend.bytes, backendBuffers: m.backend.buffers }
}

export const memoryCases: ConformanceCase[] = [
  property('memory', 'returns to its starting tensors and bytes after forward, backward and tidy', (ctx) => {
    const before = snapshot(ctx.backend)
    tidy(() => {
      const x = ctx.randn([4, 5], { requiresGrad: true })
      const w = ctx.randn([3, 5], { requiresGrad: true })
      const y = linear(x, w).relu().logSoftmax(1).mul(x.sum()).mean()
      y.backward()
      expect(x.grad?.shape).toEqual([4, 5])
    })
    expect(snapshot(ctx.backend)).toEqual(before)
  }),
  property('memory', 'frees everything a dispose() cycle created, views included', (ctx) => {
    const before = snapshot(ctx.backend)
    const x = ctx.randn([6])
    const view = x.reshape(2, 3)
    const y = view.exp()
    for (const t of [x, view, y]) t.dispose()
    expect(snapshot(ctx.backend)).toEqual(before)
  }),
  property('memory', 'stays flat over training steps written the PyTorch way inside tidy', (ctx) => {
    const params = tidy(() => [ctx.randn([8, 4], { requiresGrad: true }), ctx.randn([3, 8], { requiresGrad: true })])
    const step = () =>
      tidy(() => {
        const x = ctx.randn([5, 4])
        const labels = randint(0, 3, [5], { backend: ctx.backend })
        crossEntropy(linear(linear(x, params[0]).tanh(), params[1]), labels).backward()
        noGrad(() => {
          for (const p of params) p.sub_(p.grad!.mul(0.1))
        })
        for (const p of params) p.grad = null
      })
    step()
    const after1 = snapshot(ctx.backend)
    step()
    step()
    expect(snapshot(ctx.backend)).toEqual(after1)
    for (const p of params) p.dispose()
  }),
  property('memory', 'keeps tensors returned from tidy or passed to keep, and frees the rest', (ctx) => {
    const before = snapshot(ctx.backend)
    let kept: Tensor | undefined
    const returned = tidy(() => {
      kept = keep(ctx.randn([3]).mul(2))
      ctx.randn([100])
      return ctx.randn([2]).exp()
    })
    expect(returned.isDisposed).toBe(false)
    expect(kept!.isDisposed).toBe(false)
    const now = snapshot(ctx.backend)
    expect(now.tensors - before.tensors).toBe(2)
    returned.dispose()
    kept!.dispose()
    expect(snapshot(ctx.backend)).toEqual(before)
  }),
]
