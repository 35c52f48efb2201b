import type { MachineInfo } from './machine'
import type { WorkloadKind } from './workloads'

/** Peak memory seen during a measurement; null where the implementation has no such thing. */
export interface PeakMemory {
  /** Process resident set size. */
  peak_rss_bytes: number
  /** WebAssembly linear memory (the heap grows and never shrinks). */
  peak_wasm_heap_bytes: number | null
  /** GPU buffers in use. */
  peak_gpu_bytes: number | null
  /** Bytes of live tensors the library reports (`memory()`, `tf.memory()`). */
  peak_tensor_bytes: number | null
}

/** What a child process reports for one workload (figures in the fields of its kind). */
export interface ChildResult extends Partial<PeakMemory> {
  /** The thread count the backend actually runs with. */
  threads: number
  /** The SIMD build of the kernels the backend ran (backend-wasm: `relaxed` or `simd128`). */
  simd?: string
  samples_per_s?: number
  /** After a full epoch only; null when the quick budget stopped training first. */
  test_accuracy?: number | null
  epoch_complete?: boolean
  epoch_fraction?: number
  steps?: number
  samples?: number
  seconds?: number
  warmup_steps?: number
  first_loss?: number
  last_loss?: number
  gflops?: number
  us_per_op?: number
  reps?: number
  median_s?: number
  min_s?: number
  /**
   * The machine's limit at this thread count, measured just before and just after, the higher
   * kept (fmaPeak.ts: f32x4 fused multiply-adds in registers on every thread at once), in GFLOPS;
   * null where the engine has no relaxed SIMD.
   */
  fma_limit_gflops?: number | null
  /** An MLP's training throughput as float operations: samples/s times its matmul flops per sample. */
  effective_gflops?: number
  /** `gflops` (matmul, conv) or `effective_gflops` (MLP) over `fma_limit_gflops`. */
  of_fma_limit?: number
  /** The library's version, and anything the backend reports about itself. */
  library_version?: string
  backend_memory?: Record<string, number>
}

/** Where a figure was measured: Node (`pnpm bench`) or Chromium (`pnpm bench --browser`). */
export interface Environment {
  name: 'node' | 'chromium'
  /** Node's `process.version`, or the browser's version. */
  version: string
}

/** One JSON line of `pnpm bench`'s output. */
export interface Measurement extends ChildResult {
  status: 'ok' | 'error' | 'skipped'
  /** The implementation id (`tfjs-wasm-explicit-t2`, `othergrad-cpu`). */
  id: string
  impl: 'othergrad' | 'tfjs'
  backend: string
  variant: string
  workload: string
  kind: WorkloadKind | null
  mode: 'quick' | 'full'
  /** For quick MLP runs, the training-time cap in seconds. */
  budget_s?: number
  /**
   * othergrad only: this figure over the best TensorFlow.js figure on the same workload with the
   * same thread count, inverted for µs/op so that above 1 always means othergrad is faster.
   */
  ratio_vs_best_tfjs?: number | null
  best_tfjs?: string | null
  note?: string
  /**
   * In the browser where the renderer's RSS cannot be read from outside (no /proc): the page's JS
   * heap in use, which leaves WebAssembly memory out.
   */
  peak_js_heap_bytes?: number
  /** Node or Chromium, with its version. */
  environment?: Environment
  /** backend-wasm rows in the browser: the kernel variant that ran (`backend.simd`). */
  simd?: string
  load_avg_1m: number
  commit: string | null
  timestamp: string
  machine: MachineInfo
}
