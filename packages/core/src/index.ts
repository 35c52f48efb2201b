// tensor
export { Tensor } from './tensor'
export type { NestedArray, RemovableHandle } from './tensor'
export type { DType, DTypeName, DataArray } from './dtype'
export { promoteTypes, resultType } from './dtype'
export type { Shape } from './shape'

// creation
export { tensor } from './ops/creation/tensor'
export type { TensorLike, TensorOptions } from './ops/creation/tensor'
export { full, fullLike, ones, onesLike, zeros, zerosLike } from './ops/creation/fill'
export type { CreationOptions } from './ops/creation/options'
export { arange, eye, linspace } from './ops/creation/range'
export {
  rand,
  randint,
  randLike,
  randn,
  randnLike,
  uniformValues,
  normalValues,
} from './ops/creation/random'
export { manualSeed } from './random'

// ops
export {
  abs,
  add,
  amax,
  amin,
  argmax,
  argmin,
  cast,
  cat,
  ceil,
  clamp,
  clone,
  cos,
  div,
  eq,
  exp,
  expand,
  expm1,
  flatten,
  floor,
  gather,
  ge,
  gt,
  indexSelect,
  le,
  log,
  log1p,
  logicalAnd,
  logicalNot,
  logicalOr,
  lt,
  matmul,
  maxDim,
  maximum,
  mean,
  minDim,
  minimum,
  mm,
  mul,
  narrow,
  ne,
  neg,
  permute,
  pow,
  reciprocal,
  relu,
  reshape,
  round,
  rsqrt,
  scatterAdd,
  select,
  sigmoid,
  sign,
  sin,
  slice,
  sqrt,
  square,
  squeeze,
  stack,
  sub,
  sum,
  t,
  tanh,
  transpose,
  unsqueeze,
  where,
} from './ops/index'
export { logSoftmax, softmax } from './ops/composite/softmax'
export { linear } from './ops/composite/linear'
export { sgdStep_ } from './ops/composite/sgdStep'
export type { SgdStepAttrs } from './backend/kernels'
export { adamStep_ } from './ops/composite/adamStep'
export type { AdamStepAttrs } from './backend/kernels'
export { crossEntropy, nllLoss } from './ops/composite/crossEntropy'
export type { CrossEntropyOptions, NllLossOptions, Reduction } from './ops/composite/crossEntropy'
export { matmulWithFlags } from './ops/matmul/matmul'

// moving between backends
export { moveTensors_, moveWith } from './ops/movement/transfer'

// autograd
export { enableGrad, isGradEnabled, noGrad, setGradEnabled } from './autograd/gradMode'
export { grad } from './autograd/grad'
export type { GradOptions } from './autograd/grad'
export { Function, FunctionCtx } from './autograd/function'
export { gradcheck, gradgradcheck } from './autograd/gradcheck'
export type { GradcheckOptions } from './autograd/gradcheck'
export type { GradHook, Node } from './autograd/node'

// op definition (the extension path)
export { defineOp, definedOps, opOwner } from './op'
export type { BackwardContext, OpDefinition, OpFn } from './op'

// backends and operator packages
export { use } from './use'
export type { KernelSpec, OpPackage, TensorMethods } from './backend/packages'
export type { Kernel, KernelResult, TensorInfo, TensorMeta } from './backend/kernels'
export { backendNames, getBackend, ready, setBackend } from './backend/registry'
export type { Backend } from './backend/backend'

// option checks (for packages built on core: unknown keys and out-of-range numbers are errors)
export { checkNumberOption, checkOptionKeys } from './check'
export type { NumberRange } from './check'

// memory
export { keep, memory, tidy } from './memory'
export { collectGarbage } from './collector'
export type { BackendMemory } from './memory'
