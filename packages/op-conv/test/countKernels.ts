import { expect } from 'vitest'
import { getBackend, manualSeed, randn, type Kernel } from '@othergrad/core'
import { conv2d, maxPool2d } from '../src/index'

/** The ops op-conv ships kernels for (every kind: cpu, wasm, webgpu). */
export const KERNEL_OPS = ['conv2d', 'conv2dInputGrad', 'conv2dWeightGrad', 'maxPool2d'] as const

/** Wraps the active backend's op-conv kernels with call counters. */
export function countKernelCalls(): Record<string, number> {
  const table = getBackend().kernels
  const counts: Record<string, number> = {}
  for (const op of KERNEL_OPS) {
    expect(table.ownerOf(op), `no '${op}' kernel from op-conv on ${getBackend().name}`).toBe(
      '@othergrad/op-conv',
    )
    const kernel = table.get(op) as Kernel<unknown>
    counts[op] = 0
    table.replace<unknown>(op, (inputs, attrs, outputs) => {
      counts[op]++
      return kernel(inputs, attrs, outputs)
    })
  }
  return counts
}

/** A conv → maxPool → loss step, forward and backward, on the active backend. */
export function convStep(): void {
  manualSeed(3)
  const x = randn([2, 3, 8, 8], { requiresGrad: true })
  const w = randn([4, 3, 3, 3], { requiresGrad: true })
  const b = randn([4], { requiresGrad: true })
  maxPool2d(conv2d(x, w, b, { padding: 1 }).relu(), 2)
    .sum()
    .backward()
}
