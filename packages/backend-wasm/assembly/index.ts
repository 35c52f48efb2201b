/** The kernels' entry point: every export here is bound once by the glue in src/kernels/. */
export { gemmF32, gemmScratchBytes } from './kernels/matmul'

/** First byte after the module's static data: the JS allocator owns everything above it. */
export function heapBase(): usize {
  return __heap_base
}
