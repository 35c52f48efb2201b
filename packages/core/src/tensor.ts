import type { Backend } from './backend/backend'
import type { Storage } from './backend/kernels'
import { findBackend } from './backend/registry'
import { checkGradOutput, runBackward } from './autograd/engine'
import { enableGrad, noGrad } from './autograd/gradMode'
import { AccumulateGrad, type GradHook, type Node } from './autograd/node'
import { check, checkOptionKeys, fail, normalizeDim } from './check'
import {
  bytesPerElement,
  dtypeFromName,
  isFloating,
  type DataArray,
  type DType,
  type DTypeName,
} from './dtype'
import { adopt, setTensorCheck } from './memory'
import { formatShape, isRowMajor, numel, stridesOf, type Shape } from './shape'
import { StorageRef } from './storageRef'
import { releaseWatched, watch, type WatchToken } from './collector'
import { formatTensor } from './format'
import * as ops from './ops/index'

/** A nested JS array of numbers or booleans, as `toArray()` returns it. */
export type NestedArray = number | boolean | NestedArray[]

/** A handle that removes a hook. */
export interface RemovableHandle {
  /** Unregisters the hook. */
  remove(): void
}

/**
 * A multi-dimensional array on one backend, with autograd.
 *
 * @example
 * const x = tensor([[1, 2], [3, 4]], { requiresGrad: true })
 * x.mul(x).sum().backward()
 * x.grad // 2 * x
 */
export class Tensor {
  readonly shape: Shape
  readonly dtype: DType
  /** The gradient accumulated by `backward()` (leaves, or tensors that called `retainGrad()`). */
  grad: Tensor | null = null
  /** Which output of `gradFn` this tensor is. */
  outputIndex = 0
  /** Hooks of a leaf tensor, run before its gradient is accumulated. */
  leafHooks: GradHook[] | undefined
  /**
   * Where element `[0, ..., 0]` sits in the storage, in elements (PyTorch's `storage_offset()`).
   * Kernels read it only where their table row says they take strided inputs.
   */
  readonly offset: number
  /**
   * Whether kernels can read the elements as they are: row-major from the storage's first
   * element (`isContiguous()` and offset 0). Other views are copied before a kernel that does
   * not read strides.
   */
  readonly isPlain: boolean
  /** @internal The collector's token for this tensor, once watched (scoped tensors wait until they leave). */
  watchToken: WatchToken | undefined = undefined
  private ref: StorageRef
  private fn: Node | null = null
  private ownStrides: readonly number[] | undefined
  /** The tensor that owns the storage this one views, for autograd through in-place ops. */
  private base: Tensor | undefined
  /** The storage version `fn` was derived from the base at (views only). */
  private viewVersion = 0
  private leafRequiresGrad = false
  private accumulator: AccumulateGrad | undefined
  private disposed = false

  /** Internal: use `tensor()`, `zeros()`, ... to create tensors. */
  constructor(
    ref: StorageRef,
    shape: Shape,
    dtype: DType,
    strides?: readonly number[],
    offset = 0,
  ) {
    this.ref = ref
    this.shape = shape
    this.dtype = dtype
    this.ownStrides = strides
    this.offset = offset
    this.isPlain = offset === 0 && (strides === undefined || isRowMajor(shape, strides))
    ref.stats.tensors++
    adopt(this)
  }

  /** Wraps storage a kernel just produced. */
  static fromStorage(backend: Backend, storage: Storage, shape: Shape, dtype: DType): Tensor {
    return new Tensor(
      new StorageRef(backend, storage, numel(shape) * bytesPerElement(dtype)),
      shape,
      dtype,
    )
  }

  /**
   * A view of `t`'s storage (sharing its version counter) with its own shape, strides and
   * offset. `differentiable` views remember the storage's owner, so an in-place op on the view
   * rewrites the owner's gradient history as PyTorch's do; `detach()` makes a plain alias.
   */
  static asView(
    t: Tensor,
    shape: Shape,
    strides: readonly number[] = stridesOf(shape),
    offset = t.offset,
    differentiable = true,
  ): Tensor {
    t.assertAlive('view')
    t.ref.retain()
    const view = new Tensor(t.ref, shape, t.dtype, strides, offset)
    if (differentiable) {
      // Views hang off the tensor that owns the whole storage, so a view's position in it is
      // its (strides, offset); a view of an alias that does not own it tracks no base.
      const root = t.base ?? (t.ownsStorage() ? t : undefined)
      if (root !== undefined) {
        view.base = root
        view.viewVersion = t.ref.version
      }
    }
    return view
  }

  /** A view of `t`'s storage with another shape, row-major from `t`'s offset (reshape's view). */
  static viewOf(t: Tensor, shape: Shape): Tensor {
    return Tensor.asView(t, shape)
  }

  /** Element strides per dim (0 on broadcast dims of `expand`). */
  get strides(): readonly number[] {
    return (this.ownStrides ??= stridesOf(this.shape))
  }

  /** Strides in elements, like `x.stride()`; one dim's with a dim. */
  stride(): number[]
  stride(dim: number): number
  stride(dim?: number): number[] | number {
    if (dim === undefined) return [...this.strides]
    return this.strides[normalizeDim('stride', dim, this.ndim, this.shape)]
  }

  /** The offset of element `[0, ..., 0]` in the storage, in elements, like `storage_offset()`. */
  storageOffset(): number {
    return this.offset
  }

  /** Whether the elements lie row-major without gaps, like `is_contiguous()`. */
  isContiguous(): boolean {
    return this.isPlain || isRowMajor(this.shape, this.strides)
  }

  /** Whether this tensor and `other` share one storage (views of each other or of one base). */
  isSameStorage(other: Tensor): boolean {
    return this.ref === other.ref
  }

  /** The tensor whose storage this one views (PyTorch's `_base`), or null. */
  get viewBase(): Tensor | null {
    return this.base ?? null
  }

  /** Whether this tensor is plain and spans its whole storage (it can own autograd views). */
  private ownsStorage(): boolean {
    return this.isPlain && this.size * bytesPerElement(this.dtype) === this.ref.bytes
  }

  /** The backward node that produced this tensor; null for leaves. */
  get gradFn(): Node | null {
    // A view whose storage was written in place since its node was made reads through its
    // base's new history (PyTorch regenerates a view's grad_fn the same way).
    const base = this.base
    if (base !== undefined && this.viewVersion !== this.ref.version) refreshView(this, base)
    return this.fn
  }

  // ---- metadata ------------------------------------------------------------------------------

  get ndim(): number {
    return this.shape.length
  }

  /** Number of elements. */
  get size(): number {
    return numel(this.shape)
  }

  /** The number of elements, like `torch.numel` (also the `size` getter). */
  numel(): number {
    return numel(this.shape)
  }

  /** The number of dims, like `Tensor.dim()` (also `ndim`). */
  dim(): number {
    return this.shape.length
  }

  get backend(): Backend {
    this.assertAlive('use')
    return this.ref.backend
  }

  /** The storage handle kernels read. */
  get storage(): Storage {
    this.assertAlive('use')
    return this.ref.storage
  }

  /** Internal: the reference-counted storage (shared by views). */
  get storageRef(): StorageRef {
    return this.ref
  }

  /** In-place modification counter, shared with views. */
  get version(): number {
    return this.ref.version
  }

  get isDisposed(): boolean {
    return this.disposed
  }

  get isLeaf(): boolean {
    return this.gradFn === null
  }

  get requiresGrad(): boolean {
    return this.gradFn !== null || this.leafRequiresGrad
  }

  /** @internal Forgets this tensor's node (an in-place write that left it with none). */
  clearGradFn(): void {
    this.fn = null
    this.viewVersion = this.ref.version
  }

  /** @internal Sets a view's node from its base's history as of the current storage version. */
  setViewGradFn(node: Node | null, index: number): void {
    this.fn = node
    this.outputIndex = index
    this.viewVersion = this.ref.version
  }

  set requiresGrad(value: boolean) {
    if (this.gradFn !== null) {
      if (!value) {
        fail(
          'requiresGrad',
          'you can only change requiresGrad flags of leaf variables; use detach() to get a tensor that does not require grad',
        )
      }
      return
    }
    if (value && !isFloating(this.dtype)) {
      fail(
        'requiresGrad',
        `only Tensors of floating point dtype can require gradients, got ${this.dtype}`,
      )
    }
    this.leafRequiresGrad = value
  }

  /** Sets `requiresGrad` in place and returns this tensor, like `requires_grad_()`. */
  requiresGrad_(value = true): this {
    this.requiresGrad = value
    return this
  }

  /** Internal: makes this tensor output `index` of `node`. */
  attachGradFn(node: Node, index: number): void {
    this.fn = node
    this.outputIndex = index
    this.viewVersion = this.ref.version
  }

  /** Internal: the node that accumulates this leaf's gradient (one per leaf). */
  gradAccumulator(): AccumulateGrad {
    this.accumulator ??= new AccumulateGrad(this)
    return this.accumulator
  }

  // ---- autograd ------------------------------------------------------------------------------

  /**
   * Computes the gradient of this tensor with respect to the graph leaves, accumulating into
   * their `.grad`. A scalar needs no `gradient`; otherwise pass one of this tensor's shape.
   */
  backward(
    gradient?: Tensor,
    options: { retainGraph?: boolean; createGraph?: boolean; inputs?: readonly Tensor[] } = {},
  ): void {
    this.assertAlive('backward')
    checkOptionKeys('backward', options, ['retainGraph', 'createGraph', 'inputs'])
    const grad =
      gradient === undefined
        ? defaultGradient(this, 'backward')
        : checkGradOutput('backward', this, gradient, 0)
    const createGraph = options.createGraph ?? false
    runBackward([this], [grad], {
      retainGraph: options.retainGraph ?? createGraph,
      createGraph,
      accumulateOnly: options.inputs,
    })
  }

  /** Keeps `.grad` on a non-leaf tensor after backward. */
  retainGrad(): void {
    if (this.gradFn === null) {
      if (!this.requiresGrad)
        fail('retainGrad', "can't retain_grad on Tensor that has requires_grad=False")
      return
    }
    const node = this.gradFn
    node.retained ??= new Map()
    node.retained.set(this.outputIndex, this)
  }

  /**
   * Registers a hook called with this tensor's gradient during backward; it may return a
   * replacement gradient.
   */
  registerHook(hook: GradHook): RemovableHandle {
    if (!this.requiresGrad) {
      fail('registerHook', "cannot register a hook on a tensor that doesn't require gradient")
    }
    let list: GradHook[]
    if (this.gradFn === null) {
      list = this.leafHooks ??= []
    } else {
      const node = this.gradFn
      node.hooks ??= new Map()
      list = node.hooks.get(this.outputIndex) ?? []
      node.hooks.set(this.outputIndex, list)
    }
    list.push(hook)
    return { remove: () => void list.splice(list.indexOf(hook) >>> 0, 1) }
  }

  /** A tensor sharing this one's data, cut from the graph. */
  detach(): Tensor {
    return Tensor.asView(this, this.shape, this.strides, this.offset, false)
  }

  /** Cuts this tensor from the graph in place, like `detach_()`. */
  detach_(): this {
    this.fn = null
    this.base = undefined
    this.leafRequiresGrad = false
    return this
  }

  // ---- memory --------------------------------------------------------------------------------

  /** Releases this tensor's hold on its storage now, instead of waiting for GC. Idempotent. */
  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    if (this.watchToken !== undefined) {
      releaseWatched(this.watchToken)
      return
    }
    this.ref.stats.tensors--
    this.ref.release()
  }

  private assertAlive(what: string): void {
    if (this.disposed) {
      fail(what, `tensor of shape ${formatShape(this.shape)} (${this.dtype}) was disposed`)
    }
  }

  // ---- reading -------------------------------------------------------------------------------

  /** The elements as a flat typed array (a copy); works on every backend. */
  async data(): Promise<DataArray> {
    this.assertAlive('data')
    if (this.isPlain) return this.ref.backend.read(this.ref.storage, this.dtype, this.size)
    // A view is read through a plain copy, freed once read.
    const copy = ops.materialize(this)
    try {
      return await copy.data()
    } finally {
      copy.dispose()
    }
  }

  /** The elements as a flat typed array, on backends that read synchronously (cpu, wasm). */
  dataSync(): DataArray {
    this.assertAlive('dataSync')
    const backend = this.ref.backend
    if (!backend.readSync) {
      fail('dataSync', `backend '${backend.name}' cannot read synchronously; use await t.data()`)
    }
    if (this.isPlain) return backend.readSync(this.ref.storage, this.dtype, this.size)
    const copy = ops.materialize(this)
    try {
      return copy.dataSync()
    } finally {
      copy.dispose()
    }
  }

  /** The elements as nested JS arrays (booleans for bool tensors). */
  async toArray(): Promise<NestedArray> {
    return nest(await this.data(), this.shape, this.dtype)
  }

  /**
   * The values as nested arrays, read synchronously (cpu, wasm); throws where the backend cannot.
   */
  toArraySync(): NestedArray {
    return nest(this.dataSync(), this.shape, this.dtype)
  }

  /** PyTorch's name for `toArray()`: the values as nested JS arrays (a number for 0-d). */
  tolist(): Promise<NestedArray> {
    return this.toArray()
  }

  /** PyTorch's name for `toArraySync()`, read synchronously (cpu, wasm). */
  tolistSync(): NestedArray {
    return this.toArraySync()
  }

  /** The value of a one-element tensor as a JS number (or boolean). */
  async item(): Promise<number> {
    checkItem(this)
    return (await this.data())[0]
  }

  /**
   * The value of a one-element tensor, read synchronously (cpu, wasm); throws where the backend
   * cannot.
   */
  itemSync(): number {
    checkItem(this)
    return this.dataSync()[0]
  }

  /**
   * A copy on another registered backend (this tensor when it is already there), differentiable
   * like PyTorch's `.to(device)`: the copy's gradient flows back to this tensor's backend, so a
   * leaf that requires grad gives a non-leaf copy and gets its `.grad` where it lives. Move a
   * model's parameters in place with `await model.to(name)` instead. A dtype name casts, like
   * `.to(torch.float64)`.
   *
   * @example
   * const xGpu = await x.to('webgpu')
   */
  async to(target: string): Promise<Tensor> {
    this.assertAlive('to')
    const dtype = dtypeFromName(target)
    if (dtype !== undefined) return ops.cast(this, dtype)
    return ops.transfer(this, findBackend(target))
  }

  /**
   * `to()` now, on backends that read synchronously (cpu, wasm); like `dataSync`, a clear error
   * elsewhere.
   */
  toSync(target: string): Tensor {
    this.assertAlive('toSync')
    const dtype = dtypeFromName(target)
    if (dtype !== undefined) return ops.cast(this, dtype)
    return ops.transferSync(this, findBackend(target))
  }

  /**
   * @internal Gives this tensor other storage in place (`moveTensors_`, `model.to()`): the same
   * object with the same shape and dtype, its hold on the old storage released.
   */
  replaceStorage(ref: StorageRef): void {
    this.assertAlive('to')
    const old = this.ref
    if (this.watchToken !== undefined) {
      releaseWatched(this.watchToken)
      this.watchToken = watch(ref)
    } else {
      old.stats.tensors--
      old.release()
    }
    this.ref = ref
    ref.stats.tensors++
  }

  /**
   * PyTorch-style text: the values when they are few and readable synchronously, else the shape.
   */
  toString(): string {
    return formatTensor(this)
  }

  /** Node's console.log shows the values, as PyTorch's repr does. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return formatTensor(this)
  }

  // ---- ops (see ops/ for definitions and gradients) --------------------------------------------
  /** `this + alpha * other`, broadcasting, like `torch.add`. */
  add(other: Tensor | number, alpha?: number): Tensor {
    return ops.add(this, other, alpha)
  }
  /** `this - alpha * other`, broadcasting, like `torch.sub`. */
  sub(other: Tensor | number, alpha?: number): Tensor {
    return ops.sub(this, other, alpha)
  }
  /** Elementwise product, broadcasting, like `torch.mul`. */
  mul(other: Tensor | number): Tensor {
    return ops.mul(this, other)
  }
  /** True division (integers give float32), broadcasting, like `torch.div`. */
  div(other: Tensor | number): Tensor {
    return ops.div(this, other)
  }
  /** `this ** exponent`, broadcasting, like `torch.pow`. */
  pow(exponent: Tensor | number): Tensor {
    return ops.pow(this, exponent)
  }
  /** Elementwise maximum, broadcasting, like `torch.maximum`. */
  maximum(other: Tensor | number): Tensor {
    return ops.maximum(this, other)
  }
  /** Elementwise minimum, broadcasting, like `torch.minimum`. */
  minimum(other: Tensor | number): Tensor {
    return ops.minimum(this, other)
  }
  /** `this == other` as a bool tensor, like `torch.eq`. */
  eq(other: Tensor | number): Tensor {
    return ops.eq(this, other)
  }
  /** `this != other` as a bool tensor, like `torch.ne`. */
  ne(other: Tensor | number): Tensor {
    return ops.ne(this, other)
  }
  /** `this < other` as a bool tensor, like `torch.lt`. */
  lt(other: Tensor | number): Tensor {
    return ops.lt(this, other)
  }
  /** `this <= other` as a bool tensor, like `torch.le`. */
  le(other: Tensor | number): Tensor {
    return ops.le(this, other)
  }
  /** `this > other` as a bool tensor, like `torch.gt`. */
  gt(other: Tensor | number): Tensor {
    return ops.gt(this, other)
  }
  /** `this >= other` as a bool tensor, like `torch.ge`. */
  ge(other: Tensor | number): Tensor {
    return ops.ge(this, other)
  }
  /** Elementwise logical and (nonzero is true), like `torch.logical_and`. */
  logicalAnd(other: Tensor | number | boolean): Tensor {
    return ops.logicalAnd(this, other)
  }
  /** Elementwise logical or (nonzero is true), like `torch.logical_or`. */
  logicalOr(other: Tensor | number | boolean): Tensor {
    return ops.logicalOr(this, other)
  }
  /** Elementwise logical not (nonzero is true), like `torch.logical_not`. */
  logicalNot(): Tensor {
    return ops.logicalNot(this)
  }
  /** `-this`, like `torch.neg`. */
  neg(): Tensor {
    return ops.neg(this)
  }
  /** Elementwise absolute value, like `torch.abs`. */
  abs(): Tensor {
    return ops.abs(this)
  }
  /** Elementwise sign (-1, 0 or 1), like `torch.sign`. */
  sign(): Tensor {
    return ops.sign(this)
  }
  /** Elementwise `e^x`, like `torch.exp`. */
  exp(): Tensor {
    return ops.exp(this)
  }
  /** Elementwise natural logarithm, like `torch.log`. */
  log(): Tensor {
    return ops.log(this)
  }
  /** Elementwise square root, like `torch.sqrt`. */
  sqrt(): Tensor {
    return ops.sqrt(this)
  }
  /** Elementwise `1 / sqrt(x)`, like `torch.rsqrt`. */
  rsqrt(): Tensor {
    return ops.rsqrt(this)
  }
  /** Elementwise `1 / x`, like `torch.reciprocal`. */
  reciprocal(): Tensor {
    return ops.reciprocal(this)
  }
  /** Elementwise `x * x`, like `torch.square`. */
  square(): Tensor {
    return ops.square(this)
  }
  /** Elementwise `max(x, 0)`, like `torch.relu`. */
  relu(): Tensor {
    return ops.relu(this)
  }
  /** Elementwise `1 / (1 + e^-x)`, like `torch.sigmoid`. */
  sigmoid(): Tensor {
    return ops.sigmoid(this)
  }
  /** Elementwise hyperbolic tangent, like `torch.tanh`. */
  tanh(): Tensor {
    return ops.tanh(this)
  }
  /** Elementwise sine, like `torch.sin`. */
  sin(): Tensor {
    return ops.sin(this)
  }
  /** Elementwise cosine, like `torch.cos`. */
  cos(): Tensor {
    return ops.cos(this)
  }
  /** Elementwise `e^x - 1`, accurate near 0, like `torch.expm1`. */
  expm1(): Tensor {
    return ops.expm1(this)
  }
  /** Elementwise `ln(1 + x)`, accurate near 0, like `torch.log1p`. */
  log1p(): Tensor {
    return ops.log1p(this)
  }
  /** Elementwise floor, like `torch.floor`. */
  floor(): Tensor {
    return ops.floor(this)
  }
  /** Elementwise ceiling, like `torch.ceil`. */
  ceil(): Tensor {
    return ops.ceil(this)
  }
  /** Elementwise rounding, half to even, like `torch.round`. */
  round(): Tensor {
    return ops.round(this)
  }
  /** Clamps every element into `[min, max]` (either may be null), like `torch.clamp`. */
  clamp(min?: number | null, max?: number | null): Tensor {
    return ops.clamp(this, min, max)
  }
  /** `this` where `condition` is true, else `other`, like `Tensor.where`. */
  where(condition: Tensor, other: Tensor | number): Tensor {
    return ops.where(condition, this, other)
  }
  /** A copy converted to `dtype` (this tensor itself when it already has it), like `.to(dtype)`. */
  cast(dtype: DTypeName): Tensor {
    return ops.cast(this, dtype)
  }
  /** A float32 copy (or this tensor if it is float32), like `Tensor.float()`. */
  float(): Tensor {
    return ops.cast(this, 'float32')
  }
  /** A float64 copy (or this tensor if it is float64), like `Tensor.double()`. */
  double(): Tensor {
    return ops.cast(this, 'float64')
  }
  /** int32, PyTorch's `.int()`. */
  int(): Tensor {
    return ops.cast(this, 'int32')
  }
  /** PyTorch's `.long()`: othergrad's int64 is int32. */
  long(): Tensor {
    return ops.cast(this, 'int32')
  }
  /** int16, PyTorch's `.short()`. */
  short(): Tensor {
    return ops.cast(this, 'int16')
  }
  /** int8, PyTorch's `.char()`. */
  char(): Tensor {
    return ops.cast(this, 'int8')
  }
  /** uint8, PyTorch's `.byte()`. */
  byte(): Tensor {
    return ops.cast(this, 'uint8')
  }
  /** A bool copy (or this tensor if it is bool), like `Tensor.bool()`. */
  bool(): Tensor {
    return ops.cast(this, 'bool')
  }

  /** Matrix product with batch broadcasting, like `torch.matmul` (`@`). */
  matmul(other: Tensor): Tensor {
    return ops.matmul(this, other)
  }
  /** Product of two 2-D matrices, like `torch.mm`. */
  mm(other: Tensor): Tensor {
    return ops.mm(this, other)
  }
  /** Transpose of a 2-D (or 1-D, unchanged) tensor; reverses all dims otherwise, like `.T`. */
  get T(): Tensor {
    return ops.permute(
      this,
      this.shape.map((_, i) => this.ndim - 1 - i),
    )
  }
  /** Transpose of the last two dims, like `.mT`. */
  get mT(): Tensor {
    return ops.transpose(this, -2, -1)
  }
  /** The transpose of a tensor of at most 2 dims, like `Tensor.t()`. */
  t(): Tensor {
    return ops.t(this)
  }
  /** Swaps two dims, like `torch.transpose`. */
  transpose(dim0: number, dim1: number): Tensor {
    return ops.transpose(this, dim0, dim1)
  }
  /** Reorders the dims, like `torch.permute`. */
  permute(...dims: number[] | [readonly number[]]): Tensor {
    return ops.permute(this, flatArgs(dims))
  }
  /** The same elements in a new shape (one dim may be -1), like `torch.reshape`. */
  reshape(...shape: number[] | [readonly number[]]): Tensor {
    return ops.reshape(this, flatArgs(shape))
  }
  /** The same storage in a new shape; an error when the strides do not allow it, like `view`. */
  view(...shape: number[] | [readonly number[]]): Tensor {
    return ops.view(this, flatArgs(shape))
  }
  /** Flattens dims `startDim..endDim` into one, like `torch.flatten`. */
  flatten(startDim = 0, endDim = -1): Tensor {
    return ops.flatten(this, startDim, endDim)
  }
  /** Removes size-1 dims (all, or the given ones), like `torch.squeeze`. */
  squeeze(dim?: number | readonly number[]): Tensor {
    return ops.squeeze(this, dim)
  }
  /** Inserts a size-1 dim at `dim`, like `torch.unsqueeze`. */
  unsqueeze(dim: number): Tensor {
    return ops.unsqueeze(this, dim)
  }
  /** Broadcasts to a larger shape (-1 keeps a dim), like `Tensor.expand`. */
  expand(...shape: number[] | [readonly number[]]): Tensor {
    return ops.expand(this, flatArgs(shape))
  }
  /** Broadcasts to `other`'s shape, like `Tensor.expand_as`. */
  expandAs(other: Tensor): Tensor {
    return ops.expand(this, other.shape)
  }
  /** `length` elements of `dim` from `start`, like `torch.narrow`. */
  narrow(dim: number, start: number, length: number): Tensor {
    return ops.narrow(this, dim, start, length)
  }
  /** `x[start:end:step]` along `dim` (negative indices count from the end), like Python slicing; a view. */
  slice(dim: number, start?: number, end?: number, step?: number): Tensor {
    return ops.slice(this, dim, start, end, step)
  }
  /** The diagonal of dims `dim1` and `dim2` (shifted by `offset`) as the last dim; a view. */
  diagonal(offset = 0, dim1 = 0, dim2 = 1): Tensor {
    return ops.diagonal(this, offset, dim1, dim2)
  }
  /** Windows of `size` elements every `step` along `dim`, as a new last dim; a view. */
  unfold(dim: number, size: number, step: number): Tensor {
    return ops.unfold(this, dim, size, step)
  }
  /** Views of consecutive pieces along `dim`, of `splitSize` each or of the listed sizes. */
  split(splitSize: number | readonly number[], dim = 0): Tensor[] {
    return ops.split(this, splitSize, dim)
  }
  /** `chunks` views of (nearly) equal size along `dim`, like `torch.chunk`. */
  chunk(chunks: number, dim = 0): Tensor[] {
    return ops.chunk(this, chunks, dim)
  }
  /** Every slice along `dim` as a view with that dim removed, like `torch.unbind`. */
  unbind(dim = 0): Tensor[] {
    return ops.unbind(this, dim)
  }
  /** The slice at `index` along `dim`, that dim removed, like `torch.select` (`x[i]`). */
  select(dim: number, index: number): Tensor {
    return ops.select(this, dim, index)
  }
  /** Values at `index` along `dim`, like `torch.gather`. */
  gather(dim: number, index: Tensor): Tensor {
    return ops.gather(this, dim, index)
  }
  /** The entries at `index` along `dim`, like `torch.index_select`. */
  indexSelect(dim: number, index: Tensor): Tensor {
    return ops.indexSelect(this, dim, index)
  }
  /** A copy with its own storage (differentiable), like `Tensor.clone`. */
  clone(): Tensor {
    return ops.clone(this)
  }
  /** This tensor when its elements lie row-major, else a contiguous copy, like `contiguous()`. */
  contiguous(): Tensor {
    return ops.contiguous(this)
  }

  /** Sum over `dim` (all dims by default), like `torch.sum`. */
  sum(dim?: number | readonly number[] | null, keepdim = false): Tensor {
    return ops.sum(this, dim, keepdim)
  }
  /** Mean over `dim` (all dims by default), like `torch.mean`. */
  mean(dim?: number | readonly number[] | null, keepdim = false): Tensor {
    return ops.mean(this, dim, keepdim)
  }
  /** The largest element; with a dim, `{ values, indices }` like PyTorch's `max(dim)`. */
  max(): Tensor
  max(dim: number, keepdim?: boolean): { values: Tensor; indices: Tensor }
  max(dim?: number, keepdim = false): Tensor | { values: Tensor; indices: Tensor } {
    return dim === undefined ? ops.amax(this) : ops.maxDim(this, dim, keepdim)
  }
  /**
   * The smallest element, like `torch.min(x)`; with `dim`, `{ values, indices }` like `torch.min(x,
   * dim)`.
   */
  min(): Tensor
  min(dim: number, keepdim?: boolean): { values: Tensor; indices: Tensor }
  min(dim?: number, keepdim = false): Tensor | { values: Tensor; indices: Tensor } {
    return dim === undefined ? ops.amin(this) : ops.minDim(this, dim, keepdim)
  }
  /** Maximum over `dim` (all dims by default), like `torch.amax`. */
  amax(dim?: number | readonly number[] | null, keepdim = false): Tensor {
    return ops.amax(this, dim, keepdim)
  }
  /** Minimum over `dim` (all dims by default), like `torch.amin`. */
  amin(dim?: number | readonly number[] | null, keepdim = false): Tensor {
    return ops.amin(this, dim, keepdim)
  }
  /** Index of the maximum over `dim` (of the flattened tensor by default), like `torch.argmax`. */
  argmax(dim?: number, keepdim = false): Tensor {
    return ops.argmax(this, dim, keepdim)
  }
  /** Index of the minimum over `dim` (of the flattened tensor by default), like `torch.argmin`. */
  argmin(dim?: number, keepdim = false): Tensor {
    return ops.argmin(this, dim, keepdim)
  }
  /** Softmax over `dim`, like `torch.softmax`. */
  softmax(dim: number): Tensor {
    return ops.softmax(this, dim)
  }
  /** Log-softmax over `dim`, computed stably, like `torch.log_softmax`. */
  logSoftmax(dim: number): Tensor {
    return ops.logSoftmax(this, dim)
  }

  // ---- in-place (bump the version counter) ---------------------------------------------------
  /** In-place `this += alpha * other`, like `Tensor.add_`. */
  add_(other: Tensor | number, alpha?: number): this {
    return ops.inplace(this, 'add_', (self) => ops.add(self, other, alpha), [other])
  }
  /** In-place `this -= alpha * other`, like `Tensor.sub_`. */
  sub_(other: Tensor | number, alpha?: number): this {
    return ops.inplace(this, 'sub_', (self) => ops.sub(self, other, alpha), [other])
  }
  /** In-place `this *= other`, like `Tensor.mul_`. */
  mul_(other: Tensor | number): this {
    return ops.inplace(this, 'mul_', (self) => ops.mul(self, other), [other])
  }
  /** In-place `this /= other`, like `Tensor.div_`. */
  div_(other: Tensor | number): this {
    return ops.inplace(this, 'div_', (self) => ops.div(self, other), [other])
  }
  /** In-place `clamp`, like `Tensor.clamp_`. */
  clamp_(min?: number | null, max?: number | null): this {
    return ops.inplace(this, 'clamp_', (self) => ops.clamp(self, min, max))
  }
  /** Fills with zeros in place, like `Tensor.zero_`. */
  zero_(): this {
    return ops.fill_(this, 0)
  }
  /** Fills with `value` in place, like `Tensor.fill_`. */
  fill_(value: number): this {
    return ops.fill_(this, value)
  }
  /** Copies `src` (broadcast) into this tensor in place, like `Tensor.copy_`. */
  copy_(src: Tensor): this {
    return ops.copy_(this, src)
  }
}

setTensorCheck((v: unknown): v is Tensor => v instanceof Tensor)

/** Re-derives a view's node from its base's history as of the storage's current version. */
function refreshView(view: Tensor, base: Tensor): void {
  if (!base.requiresGrad) {
    view.setViewGradFn(null, 0)
    return
  }
  const fresh = enableGrad(() => ops.asStrided(base, ops.placeOf(view)))
  view.setViewGradFn(fresh.gradFn, fresh.outputIndex)
  fresh.dispose()
}

function flatArgs(args: number[] | [readonly number[]]): readonly number[] {
  return args.length === 1 && Array.isArray(args[0])
    ? (args[0] as readonly number[])
    : (args as number[])
}

function defaultGradient(t: Tensor, op: string): Tensor {
  check(
    t.size === 1,
    op,
    () =>
      `grad can be implicitly created only for scalar outputs (got shape ${formatShape(t.shape)}); pass a gradient`,
  )
  return noGrad(() => ops.onesLike(t))
}

function checkItem(t: Tensor): void {
  check(
    t.size === 1,
    'item',
    () =>
      `a Tensor with ${t.size} elements cannot be converted to Scalar (shape ${formatShape(t.shape)})`,
  )
}

function nest(values: DataArray, shape: Shape, dtype: DType): NestedArray {
  const asValue = (v: number): number | boolean => (dtype === 'bool' ? v !== 0 : v)
  if (shape.length === 0) return asValue(values[0])
  const build = (dim: number, offset: number): NestedArray[] => {
    const n = shape[dim]
    const out = new Array<NestedArray>(n)
    if (dim === shape.length - 1) {
      for (let i = 0; i < n; i++) out[i] = asValue(values[offset + i])
      return out
    }
    const stride = numel(shape.slice(dim + 1))
    for (let i = 0; i < n; i++) out[i] = build(dim + 1, offset + i * stride)
    return out
  }
  return build(0, 0)
}
