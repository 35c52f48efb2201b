/** The kernels' entry point: every export here is bound once by the glue in src/kernels/. */
export { binary, binaryRow } from './kernels/binary'
export { biasRows } from './kernels/linear'
export { logSoftmax, logSoftmaxBackward } from './kernels/logSoftmax'
export {
  gemmBlock,
  gemmF32,
  gemmF64,
  gemmPackB,
  gemmPanelOffset,
  gemmScratchBytes,
} from './kernels/matmul'
export { adamStep, sgdStep } from './kernels/optimStep'
export { reduceCols, reduceRows } from './kernels/reduce'
export { reluBackward } from './kernels/reluBackward'
export { unary } from './kernels/unary'
export { overflowFlag } from './overflow'

/** First byte after the module's static data: the JS allocator owns everything above it. */
export function heapBase(): usize {
  return __heap_base
}
