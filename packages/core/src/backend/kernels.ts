/**
 * The kernel contract every backend implements.
 *
 * A backend owns storage (opaque `Storage` handles) and a table of kernels by op name (see
 * `KernelTable`): core's primitive ops (`CoreKernels`), optional fused kernels for hot paths
 * (`FusedKernelRows`), and the kernels operator packages add with `use()`. Every kernel has one
 * signature (`Kernel`): it reads its inputs as `TensorInfo` (storage + shape + dtype; storage is
 * contiguous, row-major) and returns new storage holding each contiguous output. Kernels never
 * validate user input: core's `check.ts` has done that, and core has already cast operands to a
 * common dtype where the contract says "same dtype". Everything else (mean, softmax,
 * crossEntropy, ...) is a composite in core.
 *
 * uint8, int8 and int16 reach only the storage ops, `cast`, and the kernels that move or index
 * data (permute, expand, narrow, pad, cat, clone, gather, indexSelect): core computes their
 * arithmetic, comparisons and reductions in int32 and casts back, so no other kernel sees them.
 */
import type { DataArray, DType } from '../dtype'
import type { Shape } from '../shape'

/** An opaque handle to backend-owned memory. Backends extend it with their own fields. */
export interface Storage {
  /** Name of the backend that owns this storage. */
  readonly backend: string
}

/**
 * A kernel operand: storage viewed with a shape and dtype. A kernel reads it row-major from the
 * storage's first element, unless its table row takes strided inputs (`KernelTable.isStrided`):
 * then `strides` (elements per step of each dim; 0 on broadcast dims) and `offset` (where
 * element `[0, ..., 0]` is) say where each element is, and absent ones mean row-major from 0.
 */
export interface TensorInfo {
  readonly storage: Storage
  readonly shape: Shape
  readonly dtype: DType
  readonly strides?: readonly number[]
  readonly offset?: number
}

/** A tensor's shape and dtype without its data: what an op infers its outputs as. */
export interface TensorMeta {
  readonly shape: Shape
  readonly dtype: DType
}

/**
 * A kernel: one op on one backend, the only signature every kernel has. It reads its inputs
 * (storage, shape, dtype), the op's attributes, and its outputs' shapes and dtypes as the op
 * definition inferred them, and returns the storage of its output (an array for several outputs,
 * an empty array for an op that only writes its inputs in place). Returning `undefined` declines
 * the call (a fused kernel that covers only some cases): the op's composite runs instead.
 *
 * @example
 * // a CPU kernel for an elementwise op
 * const twice: Kernel<null> = ([x], _, [out]) => {
 *   const y = allocate(out.dtype, numel(out.shape))
 *   ...
 *   return y
 * }
 */
export type Kernel<A = null> = (
  inputs: readonly TensorInfo[],
  attrs: A,
  outputs: readonly TensorMeta[],
) => KernelResult

/** What a kernel returns: its outputs' storage, or `undefined` to decline. */
export type KernelResult = Storage | readonly Storage[] | undefined

// ---------------------------------------------------------------------------------------------
// STORAGE
// ---------------------------------------------------------------------------------------------

/** What a backend's `memory()` reports: bytes and buffers, plus any backend-specific counters. */
export interface MemoryInfo {
  /** Bytes of tensor data held by the backend (allocated, not yet disposed). */
  bytes: number
  /** Number of live storage buffers. */
  buffers: number
  /** Anything backend-specific: heap size, pool sizes. */
  [detail: string]: number
}

/**
 * Storage management every backend provides: write, read (async, always), readSync (where
 * possible), fill, copy, dispose, statistics.
 */
export interface StorageOps {
  /** Copies host values (already of `dtype`'s array type) into new storage. */
  write(values: DataArray, dtype: DType): Storage
  /** Reads `size` elements back to the host. Always available. */
  read(storage: Storage, dtype: DType, size: number): Promise<DataArray>
  /** Synchronous read, only on backends that can (cpu, wasm); absent elsewhere. */
  readSync?(storage: Storage, dtype: DType, size: number): DataArray
  /** New storage of `size` elements, all equal to `value`. */
  fill(size: number, value: number, dtype: DType): Storage
  /** Overwrites `target`'s contents with `source`'s (same dtype and size): in-place ops use it. */
  copyInto(target: Storage, source: Storage, dtype: DType, size: number): void
  /** Releases storage. Core calls it exactly once per storage, when no tensor refers to it. */
  disposeStorage(storage: Storage): void
  /** Current memory statistics. */
  memory(): MemoryInfo
}

// ---------------------------------------------------------------------------------------------
// ELEMENTWISE
// ---------------------------------------------------------------------------------------------

/** Unary ops. Output dtype equals input dtype, except `logicalNot` (bool). */
export const UNARY_OPS = [
  'neg',
  'abs',
  'sign',
  'exp',
  'log',
  'sqrt',
  'rsqrt',
  'reciprocal',
  'square',
  'relu',
  'sigmoid',
  'tanh',
  'sin',
  'cos',
  'expm1',
  'log1p',
  'floor',
  'ceil',
  'round',
  'logicalNot',
] as const
/** The name of a unary primitive (`UNARY_OPS`). */
export type UnaryOp = (typeof UNARY_OPS)[number]

/** Binary ops on operands of one dtype, broadcast to `outShape`. Comparisons and logical ops give bool. */
export const BINARY_OPS = [
  'add',
  'sub',
  'mul',
  'div',
  'pow',
  'maximum',
  'minimum',
  'eq',
  'ne',
  'lt',
  'le',
  'gt',
  'ge',
  'logicalAnd',
  'logicalOr',
] as const
/** The name of a binary primitive (`BINARY_OPS`). */
export type BinaryOp = (typeof BINARY_OPS)[number]

/** The binary ops a backend may run with a JS number as the second operand (`binaryScalar`). */
export type ScalarBinaryOp = 'add' | 'sub' | 'mul' | 'div'

/** The binary ops whose output is bool. */
export const COMPARISON_OPS: readonly BinaryOp[] = [
  'eq',
  'ne',
  'lt',
  'le',
  'gt',
  'ge',
  'logicalAnd',
  'logicalOr',
]

/** Elementwise primitives: unary and binary math with NumPy broadcasting, `where`, `cast`. */
export interface ElementwiseKernels {
  /**
   * `op` applied to every element of `x`. int32 `neg`, `abs` and `square` never wrap: a result
   * outside int32 raises core's `int32OverflowError` (webgpu: at the next read).
   */
  unary(op: UnaryOp, x: TensorInfo): Storage
  /**
   * `op(a, b)` broadcast to `outShape` (operands share a dtype). `int32` division truncates toward
   * zero here; core only sends floats to `div`. int32 `add`, `sub`, `mul` and `pow` never wrap: a
   * result outside int32 raises core's `int32OverflowError` with the first such element's
   * operands (webgpu: a device-side check, raised at the next read).
   */
  binary(op: BinaryOp, a: TensorInfo, b: TensorInfo, outShape: Shape): Storage
  /** `cond` is bool; `a` and `b` share a dtype; all three broadcast to `outShape`. */
  where(cond: TensorInfo, a: TensorInfo, b: TensorInfo, outShape: Shape): Storage
  /**
   * Float → integer truncates toward zero. Core has already checked that every value fits an
   * integer target (NaN, ±Infinity and values out of range raise before the kernel runs); what a
   * kernel does with them is unspecified. Anything → bool is `!= 0`.
   */
  cast(x: TensorInfo, dtype: DType): Storage
}

// ---------------------------------------------------------------------------------------------
// REDUCE
// ---------------------------------------------------------------------------------------------

/** A reduction a backend runs over axes. */
export type ReduceOp = 'sum' | 'max' | 'min' | 'prod'
/** An index-of-extremum reduction over one axis. */
export type ArgReduceOp = 'argmax' | 'argmin'

/** Reductions over axes. */
export interface ReduceKernels {
  /**
   * Reduces `axes` (sorted, distinct, non-empty); the output has those dims removed.
   * `sum`/`prod` of bool or int32 give int32 (core casts bools first); max/min keep the dtype.
   * `max`/`min` propagate NaN. Reducing an empty axis gives 0 for sum, 1 for prod.
   */
  reduce(op: ReduceOp, x: TensorInfo, axes: readonly number[]): Storage
  /** Index (int32) of the first max/min along `axis`, that dim removed; the first NaN wins, as in PyTorch. */
  argReduce(op: ArgReduceOp, x: TensorInfo, axis: number): Storage
}

// ---------------------------------------------------------------------------------------------
// MATMUL
// ---------------------------------------------------------------------------------------------

/** `matmul`'s transpose flags, which let backward avoid materialising transposes. */
export interface MatmulAttrs {
  /** Read `a` as its transpose: `a` is stored `[..., k, m]`. */
  transposeA: boolean
  /** Read `b` as its transpose: `b` is stored `[..., n, k]`. */
  transposeB: boolean
}

/** The batched matrix product. */
export interface MatmulKernels {
  /**
   * Batched float matmul. `a` and `b` have the same rank (≥ 2) and dtype; batch dims are equal
   * or 1 (broadcast without copying) and `outShape` is `[...batch, m, n]`.
   */
  matmul(a: TensorInfo, b: TensorInfo, attrs: MatmulAttrs, outShape: Shape): Storage
}

// ---------------------------------------------------------------------------------------------
// MOVEMENT
// ---------------------------------------------------------------------------------------------

/** Movement primitives: permute, expand, slice, pad, concat. */
export interface MovementKernels {
  /** A contiguous copy of `x`, read through its strides and offset. */
  contiguous(x: TensorInfo): Storage
  /** Writes `src` (read through its strides) into `dst`'s elements (through its strides). */
  assign(dst: TensorInfo, src: TensorInfo): void
  /** Output dim `i` is input dim `perm[i]`. */
  permute(x: TensorInfo, perm: readonly number[]): Storage
  /** Broadcasts `x` (same rank, dims equal or 1) to `shape`, materialised. */
  expand(x: TensorInfo, shape: Shape): Storage
  /** The block `[begin, begin + size)` in every dim. */
  slice(x: TensorInfo, begin: readonly number[], size: readonly number[]): Storage
  /** Zero-pads: `before[i]` and `after[i]` elements around dim `i`. The adjoint of `slice`. */
  pad(x: TensorInfo, before: readonly number[], after: readonly number[]): Storage
  /** Joins tensors of one dtype and rank along `axis`; other dims are equal. */
  concat(xs: readonly TensorInfo[], axis: number): Storage
}

// ---------------------------------------------------------------------------------------------
// INDEX
// ---------------------------------------------------------------------------------------------

/** Indexing primitives: gather, scatterAdd, indexSelect and their adjoints. */
export interface IndexKernels {
  /** `torch.gather`: `out[i][j] = x[index[i][j]][j]` for dim 0; `index` is int32, in range. */
  gather(x: TensorInfo, dim: number, index: TensorInfo): Storage
  /** Adjoint of gather: zeros of `shape`, then `out[index[i][j]][j] += src[i][j]` for dim 0. */
  scatterAdd(shape: Shape, dim: number, index: TensorInfo, src: TensorInfo): Storage
  /** `torch.index_select` with a 1-D int32 `index`. */
  indexSelect(x: TensorInfo, dim: number, index: TensorInfo): Storage
  /** Adjoint of indexSelect: zeros of `shape`, then slice `index[i]` of dim += `src`'s slice i. */
  indexAdd(shape: Shape, dim: number, index: TensorInfo, src: TensorInfo): Storage
}

// ---------------------------------------------------------------------------------------------
// FUSED (optional)
// ---------------------------------------------------------------------------------------------

/**
 * Optional fused kernels a backend may provide for speed; core falls back to composites without
 * them.
 */
export interface FusedKernels {
  /** `x @ w^T + b` with `x: [n, in]`, `w: [out, in]`, `b: [out]` or absent. */
  linear(x: TensorInfo, weight: TensorInfo, bias: TensorInfo | null): Storage
  /**
   * `op(a, value)` for a float tensor and a number already rounded to `a.dtype`: the result of
   * `binary` with `value` in a 0-d tensor, without one (`x.add(0.5)` and friends).
   */
  binaryScalar(op: ScalarBinaryOp, a: TensorInfo, value: number): Storage
  /** `dy * (y > 0)`. */
  reluBackward(dy: TensorInfo, y: TensorInfo): Storage
  /** Numerically stable log-softmax along the last axis of a contiguous tensor. */
  logSoftmax(x: TensorInfo): Storage
  /** `dy - exp(y) * sum(dy)` along the last axis, with `y` the log-softmax output. */
  logSoftmaxBackward(dy: TensorInfo, y: TensorInfo): Storage
  /**
   * One SGD step, in place on `param` (and `buf`), with PyTorch's rule: d = grad, negated when
   * maximizing, plus weightDecay·param; with momentum, buf = d on the first step, else
   * momentum·buf + (1 − dampening)·d, then d = nesterov ? d + momentum·buf : buf; param −= lr·d.
   * All three share shape and float dtype; `buf` is null without momentum.
   */
  sgdStep(param: TensorInfo, grad: TensorInfo, buf: TensorInfo | null, attrs: SgdStepAttrs): void
  /**
   * One Adam/AdamW step, in place on `param` and the moment buffers, with PyTorch's single-tensor
   * rule and order: g = grad, negated when maximizing; Adam adds weightDecay·param to g, AdamW
   * first multiplies param by 1 − lr·weightDecay; m = β1·m + (1 − β1)·g;
   * v = β2·v + ((1 − β2)·g)·g; with AMSGrad vMax = max(vMax, v) replaces v below;
   * denom = sqrt(v) / sqrt(1 − β2^step) + eps; param += (−lr / (1 − β1^step))·m / denom.
   * All operands share shape and float dtype; `maxExpAvgSq` is null without AMSGrad.
   */
  adamStep(
    param: TensorInfo,
    grad: TensorInfo,
    expAvg: TensorInfo,
    expAvgSq: TensorInfo,
    maxExpAvgSq: TensorInfo | null,
    attrs: AdamStepAttrs,
  ): void
}

/** `sgdStep_`'s hyperparameters: `torch.optim.SGD`'s, plus whether this is the first step. */
export interface SgdStepAttrs {
  lr: number
  momentum: number
  dampening: number
  weightDecay: number
  nesterov: boolean
  maximize: boolean
  /** The momentum buffer holds nothing yet: this step sets it to d. */
  firstStep: boolean
}

/**
 * `adamStep_`'s hyperparameters: `torch.optim.Adam`'s (AdamW with decoupled weight decay), plus the
 * step number.
 */
export interface AdamStepAttrs {
  lr: number
  beta1: number
  beta2: number
  eps: number
  weightDecay: number
  /** Keep the running maximum of the second moment and divide by it (AMSGrad). */
  amsgrad: boolean
  maximize: boolean
  /** AdamW: decay the weights directly instead of adding an L2 term to the gradient. */
  decoupledWeightDecay: boolean
  /** The 1-based count of steps taken, this one included, for the bias corrections. */
  step: number
}

/**
 * Every primitive family: how the built-in backends implement core's ops internally. The
 * contract itself is the kernel table (`CoreKernels`); `primitiveRows` turns these into its rows.
 */
export type PrimitiveKernels = ElementwiseKernels &
  ReduceKernels &
  MatmulKernels &
  MovementKernels &
  IndexKernels

// ---------------------------------------------------------------------------------------------
// THE KERNEL TABLE: core's ops by name, with the attributes each op hands its kernel
// ---------------------------------------------------------------------------------------------

/** `cast`'s attributes: the target dtype. */
export interface CastAttrs {
  dtype: DType
}
/** The reduced axes: sorted, distinct, non-empty. */
export interface ReduceAttrs {
  axes: readonly number[]
}
/** The attributes of an op over one axis (`argmax`, `concat`, ...). */
export interface AxisAttrs {
  axis: number
}
/** `permute`'s attributes: output dim `i` is input dim `perm[i]`. */
export interface PermuteAttrs {
  perm: readonly number[]
}
/** `expand`'s attributes: the shape to broadcast to. */
export interface ExpandAttrs {
  shape: Shape
}
/** `slice`'s attributes: the block `[begin, begin + size)` in every dim. */
export interface SliceAttrs {
  begin: readonly number[]
  size: readonly number[]
}
/** `pad`'s attributes: zeros before and after each dim. */
export interface PadAttrs {
  before: readonly number[]
  after: readonly number[]
}
/**
 * A device-side check, where indices cannot be read synchronously (webgpu): every value of the
 * int32 input lies in `[0, size)` or equals `ignore`; the first that does not becomes the error
 * `describe(value)`, raised at the backend's next read or sync, as CUDA's device-side asserts
 * are. The kernel outputs nothing.
 */
export interface IndexRangeAttrs {
  /** Valid indices are `[0, size)`. */
  size: number
  /** A value allowed outside the range (`ignoreIndex`), or null. */
  ignore: number | null
  /** The error message for an index out of range. */
  describe: (value: number) => string
}
/** `binaryScalar`'s attributes: the JS number operand. */
export interface ScalarAttrs {
  /** Already rounded to the tensor's dtype. */
  value: number
}

/**
 * The rows every backend's kernel table has: core's primitive ops by name. Binary ops get their
 * operands in one dtype and broadcast them to `outputs[0].shape`; comparisons output bool.
 * `max`/`min` (along a dim) output `[values, indices]`; `scatterAdd` reads `[base, index, src]`
 * and outputs `base` with `src` added at `index`; `indexAdd` reads `[src, index]` and outputs
 * zeros of `outputs[0].shape` with `src`'s slices added at `index`. View ops (permute, expand,
 * narrow, ...) need no kernel: they make views, which `contiguous` copies when a kernel needs it.
 */
export type CoreKernels = Record<UnaryOp, Kernel<null>> &
  Record<BinaryOp, Kernel<null>> & {
    where: Kernel<null>
    cast: Kernel<CastAttrs>
    sum: Kernel<ReduceAttrs>
    amax: Kernel<ReduceAttrs>
    amin: Kernel<ReduceAttrs>
    /** The product over axes (no core op uses it yet; `reduce('prod')` of the families). */
    prod: Kernel<ReduceAttrs>
    max: Kernel<AxisAttrs>
    min: Kernel<AxisAttrs>
    argmax: Kernel<AxisAttrs>
    argmin: Kernel<AxisAttrs>
    matmul: Kernel<MatmulAttrs>
    pad: Kernel<PadAttrs>
    cat: Kernel<AxisAttrs>
    /** A contiguous copy of a strided view (reads strides and offset). */
    clone: Kernel<null>
    /** The same copy, where core materialises a view for a kernel that reads no strides. */
    contiguous: Kernel<null>
    /** Writes `inputs[1]` into `inputs[0]`'s elements in place, both read through strides. */
    assign: Kernel<null>
    gather: Kernel<AxisAttrs>
    scatterAdd: Kernel<AxisAttrs>
    indexSelect: Kernel<AxisAttrs>
    indexAdd: Kernel<AxisAttrs>
  }

/**
 * Optional rows for hot paths; without one, the op's composite runs. `linear` reads
 * `[x, weight, bias?]`; `logSoftmax(Backward)` may decline axes other than the last;
 * `sgdStep` reads `[param, grad, buf?]` and `adamStep` `[param, grad, expAvg, expAvgSq,
 * maxExpAvgSq?]`, writing the parameter and state in place (they output nothing).
 */
export interface FusedKernelRows {
  /** A device-side index check, on backends that cannot read indices synchronously. */
  checkIndexRange: Kernel<IndexRangeAttrs>
  linear: Kernel<null>
  addScalar: Kernel<ScalarAttrs>
  subScalar: Kernel<ScalarAttrs>
  mulScalar: Kernel<ScalarAttrs>
  divScalar: Kernel<ScalarAttrs>
  reluBackward: Kernel<null>
  logSoftmax: Kernel<AxisAttrs>
  logSoftmaxBackward: Kernel<AxisAttrs>
  sgdStep: Kernel<SgdStepAttrs>
  adamStep: Kernel<AdamStepAttrs>
}
