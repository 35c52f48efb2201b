/** What every kernel's glue is bound to: one backend instance's memory, allocator and exports. */
import type { WasmHeap } from './heap'
import type { SimdVariant, WasmExports } from './module'
import type { WasmStore } from './storage'
import type { ThreadPool } from './threads'

export interface WasmContext {
  readonly store: WasmStore
  readonly heap: WasmHeap
  readonly exports: WasmExports
  /** Byte address of a small scratch block for the layouts (dims, strides) passed to kernels. */
  readonly layout: number
  /** Byte address of room for 16 f64 scalars (the optimizer steps' settings). */
  readonly scalars: number
  /** Byte address of the main thread's matmul scratch (`gemmScratchBytes()` bytes). */
  readonly gemmScratch: number
  /** Workers sharing the memory, or null when running on one thread. */
  readonly pool: ThreadPool | null
  /** Which build of the kernels runs. */
  readonly simd: SimdVariant
}

/** Room in the layout block, in i32 words: four arrays of up to 64 dims. */
export const LAYOUT_WORDS = 256
