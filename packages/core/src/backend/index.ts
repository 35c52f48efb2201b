/**
 * `@othergrad/core/backend`: what a backend or operator package author needs, and nothing a
 * model author does.
 */
export type { Backend } from './backend'
export type {
  AdamStepAttrs,
  ArgReduceOp,
  AxisAttrs,
  BinaryOp,
  CastAttrs,
  CoreKernels,
  ElementwiseKernels,
  ExpandAttrs,
  FusedKernelRows,
  FusedKernels,
  IndexKernels,
  IndexRangeAttrs,
  Kernel,
  KernelResult,
  MatmulAttrs,
  MatmulKernels,
  MemoryInfo,
  MovementKernels,
  PadAttrs,
  PermuteAttrs,
  PrimitiveKernels,
  ReduceAttrs,
  ReduceKernels,
  ReduceOp,
  ScalarAttrs,
  ScalarBinaryOp,
  SgdStepAttrs,
  SliceAttrs,
  Storage,
  StorageOps,
  TensorInfo,
  TensorMeta,
  UnaryOp,
} from './kernels'
export { KernelTable, kernelTable } from './kernelTable'
export type { BackendKernelRows } from './kernelTable'
export { fusedRows, primitiveRows } from './primitiveRows'
export type { KernelSpec, OpPackage, TensorMethods } from './packages'
export { BINARY_OPS, COMPARISON_OPS, UNARY_OPS } from './kernels'
export type { DataArray, DType, DTypeArrayMap } from '../dtype'
export { allocArray, bytesPerElement, convertArray, integerRange, isFloating } from '../dtype'
export {
  checkNumberOption,
  checkOptionKeys,
  int32OverflowError,
  integerOverflowError,
} from '../check'
export type { Int32ArithmeticOp } from '../check'
export type { Shape } from '../shape'
export { formatShape, numel, shapesEqual, stridesOf } from '../shape'
