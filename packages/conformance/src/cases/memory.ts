import { expect } from 'vitest'
import { collectGarbage, crossEntropy, keep, linear, memory, noGrad, randint, tensor, tidy, zeros, type Tensor } from '@othergrad/core'
import { property, throws, type ConformanceCase } from '../case'

// Tensor counts and bytes are read in one synchronous stretch around each `tidy`, so no
// finalizer (which only runs between tasks) can change them in between.

function snapshot(backend: string) {
  const m = memory()[backend]
  return { tensors: m.tensors, bytes: m.bytes, storages: m.storages, backendBytes: m.backend.bytes, backendBuffers: m.backend.buffers }
}

/** Node can run finalizers synchronously (core enables V8's cleanupSome); browsers run them between tasks. */
const syncCollection = typeof (globalThis as { process?: { getBuiltinModule?: unknown } }).process?.getBuiltinModule === 'function'

export const memoryCases: ConformanceCase[] = [
  property('memory', 'reclaims undisposed tensors of a synchronous PyTorch-style loop without waiting for a task', (ctx) => {
    if (!syncCollection) return
    const params = [ctx.randn([16, 8], { requiresGrad: true }), ctx.randn([4, 16], { requiresGrad: true })]
    const train = (steps: number) => {
      for (let step = 0; step < steps; step++) {
        const x = ctx.randn([32, 8])
        const labels = randint(0, 4, [32], { backend: ctx.backend })
        const loss = crossEntropy(linear(linear(x, params[0]).relu(), params[1]), labels)
        for (const p of params) p.grad = null
        loss.backward()
        noGrad(() => {
          for (const p of params) p.sub_(p.grad!.mul(0.1))
        })
      }
    }
    train(5)
    collectGarbage()
    const early = snapshot(ctx.backend)
    train(40)
    collectGarbage()
    // Without a task in between, nothing that grows with the number of steps survives: 40 steps
    // make about 1,000 tensors; what the optimised loop may still hold is a few steps' worth.
    const late = snapshot(ctx.backend)
    expect(late.tensors - early.tensors).toBeLessThan(100)
    for (const p of params) p.dispose()
  }),
  property('memory', 'reclaims undisposed tensors that creation functions made, with no op in between', (ctx) => {
    if (!syncCollection) return
    // A loop that only makes tensors (loading batches, converting arrays) and never runs an op.
    const MiB = 2 ** 20
    const host = new Float32Array(MiB / 4).fill(0.5)
    collectGarbage()
    const start = snapshot(ctx.backend).bytes
    let peak = start
    for (let i = 0; i < 320; i++) {
      const t = i % 2 === 0 ? tensor(host, { backend: ctx.backend }) : zeros([MiB / 4], { backend: ctx.backend })
      expect(t.size).toBe(MiB / 4)
      peak = Math.max(peak, snapshot(ctx.backend).bytes)
    }
    // 320 MiB made, one MiB reachable at a time: collection runs once live bytes double (from
    // 64 MiB), so the peak stays far below what was made.
    expect(peak - start).toBeLessThan(160 * MiB)
  }),
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
  throws('tidy', 'rejects an async function, which would dispose early and let later tensors escape', (ctx) => tidy((async () => { const x = ctx.randn([2]); await null; return x.exp() }) as unknown as () => Tensor), /tidy: the function is async; a scope ends when its function returns, which for an async function is its first await/),
  property('memory', 'rejects a function that returns a promise and frees what it made', (ctx) => {
    const before = snapshot(ctx.backend)
    expect(() => tidy((() => { ctx.randn([3]); return Promise.resolve(1) }) as unknown as () => number)).toThrow('tidy: the function returned a Promise')
    expect(snapshot(ctx.backend)).toEqual(before)
  }),
]
