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

export interface ConvRun {
  y: number[]
  idx: number[]
  dx: number[]
  dw: number[]
  db: number[]
}

/**
 * Grouped, strided, dilated, padded conv2d → tanh → max pool (ceil mode) → loss, forward and
 * backward, in `dtype` on the active backend: every kernel op-conv ships runs once.
 */
export async function convRun(dtype: 'float32' | 'float64' = 'float32'): Promise<ConvRun> {
  manualSeed(5)
  const x = randn([3, 6, 11, 9], { dtype, requiresGrad: true })
  const w = randn([4, 3, 3, 2], { dtype, requiresGrad: true })
  const b = randn([4], { dtype, requiresGrad: true })
  const options = {
    stride: [2, 1] as [number, number],
    padding: [2, 1] as [number, number],
    dilation: [1, 2] as [number, number],
    groups: 2,
  }
  const [y, idx] = maxPool2d(conv2d(x, w, b, options).tanh(), 2, {
    ceilMode: true,
    returnIndices: true,
  })
  y.square().sum().backward()
  const read = async (t: { data(): Promise<ArrayLike<number>> }) => Array.from(await t.data())
  return {
    y: await read(y),
    idx: await read(idx),
    dx: await read(x.grad!),
    dw: await read(w.grad!),
    db: await read(b.grad!),
  }
}

/** Kernel results against the composite's, within float32 rounding. */
export function expectSameRun(kernel: ConvRun, composite: ConvRun, digits: number): void {
  expect(kernel.idx).toEqual(composite.idx)
  for (const key of ['y', 'dx', 'dw', 'db'] as const) {
    expect(kernel[key].length).toBe(composite[key].length)
    kernel[key].forEach((v, i) => expect(v, `${key}[${i}]`).toBeCloseTo(composite[key][i], digits))
  }
}
