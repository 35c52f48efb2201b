import type { ConvWorkload, MlpWorkload } from './workloads'
import type { CnnInit, LinearInit } from './init'

/** What an implementation reports about its own memory; null where it has no such thing. */
export interface MemoryProbe {
  tensorBytes: number | null
  wasmHeapBytes: number | null
  gpuBytes: number | null
  /** Anything else numeric the backend reports (pool sizes, buffer counts). */
  details?: Record<string, number>
}

/** An MLP being trained: one step per call, reading the loss back so the step has finished. */
export interface MlpModel {
  /** One SGD step on the first `n` rows of `x` / `y`; resolves with the loss read from the device. */
  step(x: Float32Array, y: Int32Array, n: number): number | Promise<number>
  /** How many of the `n` rows the model classifies correctly. */
  correct(x: Float32Array, y: Int32Array, n: number): number | Promise<number>
}

/** Settings of the CNN that only tests change (`tfjsCnn`, `othergradCnn`). */
export interface CnnOptions {
  /** Dropout while training (default true); off, steps are deterministic and comparable. */
  dropout?: boolean
}

/** A repeatable action (one matmul, one overhead chain) that finishes with a read from the device. */
export interface Repeatable {
  run(): void | Promise<void>
  dispose(): void
}

/**
 * One implementation as the driver sees it: othergrad on a backend, or TensorFlow.js on one. The
 * driver owns timing, data and budgets; a library only builds models and runs kernels.
 */
export interface Library {
  /** Threads the backend actually computes with. */
  threads: number
  /** The SIMD build of the kernels, where a backend has several (backend-wasm's `simd`). */
  simd?: string
  version: string
  /** Remarks worth keeping with the figure (how threads were forced, what SIMD is in use). */
  note?: string
  mlp(workload: MlpWorkload, init: LinearInit): MlpModel
  /** The MNIST CNN (workloads.ts), Adadelta; steps take normalised `[n, 784]` images. */
  cnn(init: CnnInit): MlpModel
  /** conv2d of `x` (`[batch, in, size, size]`) by `w`, then the input and weight gradients of its sum, read back. */
  conv(workload: ConvWorkload, x: Float32Array, w: Float32Array): Repeatable
  /** `a @ b` for `[n, n]` operands, result read back. */
  matmul(n: number, a: Float32Array, b: Float32Array): Repeatable
  /**
   * `ops` elementwise ops on `x` (`size` elements), cycling through `y * w`, `y + 0.5`, `tanh(y)`,
   * `y - x`, then the gradient of the sum with respect to `x`, read back.
   */
  overhead(ops: number, x: Float32Array, w: Float32Array): Repeatable
  memory(): MemoryProbe
}
