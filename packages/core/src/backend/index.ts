/**
 * `@othergrad/core/backend`: what a backend or operator package author needs, and nothing a
 * model author does.
 */
export type { Backend } from './backend'
export type {
  AdamStepAttrs,
  ArgReduceOp,
  BinaryOp,
  ElementwiseKernels,
  FusedKernels,
  IndexKernels,
  MatmulAttrs,
  MatmulKernels,
  MemoryInfo,
  MovementKernels,
  PrimitiveKernels,
  ReduceKernels,
  ReduceOp,
  ScalarBinaryOp,
  SgdStepAttrs,
  Storage,
  StorageOps,
  TensorInfo,
  UnaryOp,
} from './kernels'
export { BINARY_OPS, COMPARISON_OPS, UNARY_OPS } from './kernels'
export type { DataArray, DType, DTypeArrayMap } from '../dtype'
export { allocArray, bytesPerElement, convertArray, integerRange, isFloating } from '../dtype'
export { checkNumberOption, checkOptionKeys, integerOverflowError } from '../check'
export type { Shape } from '../shape'
export { formatShape, numel, shapesEqual, stridesOf } from '../shape'
