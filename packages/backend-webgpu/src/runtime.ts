/**
 * The device side of the backend: pipelines cached by shader key, one open command encoder that
 * collects every dispatch and copy until a read (or a full batch) submits it, uniform parameters
 * packed into shared chunks, and the buffer pools.
 */
import { BufferPool, type PooledBuffer } from './bufferPool'
import { BufferUsage, MapMode } from './gpuConstants'

/** WGSL for one set of baked constants, and the key naming them all (the pipeline cache key). */
export interface Shader {
  readonly key: string
  /** Built only the first time the key is seen. */
  readonly code: () => string
}

/** A storage buffer bound to a dispatch: the first `bytes` of a pooled buffer. */
export interface Binding {
  readonly buffer: PooledBuffer
  readonly bytes: number
}

export interface RuntimeOptions {
  /** Commands recorded before the batch is submitted even without a read (default 256). */
  maxBatch: number
  /** Submits a pooled buffer may sit unused before it is destroyed (default 64). */
  maxIdleFlushes: number
  /** Bytes of free buffers the pools keep at most (default 128 MiB). */
  maxPoolBytes: number
  /** The GPU object the device came from, kept referenced (Dawn in Node frees it otherwise). */
  gpu?: GPU
  /** Lower limits than the device's, to exercise the fallbacks of small devices in tests. */
  limits?: Partial<Record<LimitName, number>>
}

/**
 * A failed check's error message, from the 64-bit value the kernel recorded (`value`), or from
 * its two 32-bit words when they hold something else (an int32 op's two operands).
 */
export type CheckDescriber = (value: number, lo: number, hi: number) => string

/** One device-side check a recorded kernel makes, until its flag has been read. */
interface DeviceCheck {
  /** The error message for the value that failed the check. */
  readonly describe: CheckDescriber
  /** The batch the kernel ran in: storage used since then is suspect when it fails. */
  readonly batch: number
}

/** A copy of the check flag taken with a read, covering the checks up to `upTo`. */
interface FlagCopy {
  readonly staging: PooledBuffer
  readonly upTo: number
}

/**
 * The flag a failing check writes: `atomic count, check id, value low word, value high word`.
 * WGSL for the kernels that check (binding `binding`).
 */
export function checkFlag(binding: number): string {
  return /* wgsl */ `
struct CheckFlag { count: atomic<u32>, id: u32, lo: u32, hi: u32 }
@group(0) @binding(${binding}) var<storage, read_write> checkFlag: CheckFlag;
// Records the first failure only: its check id (P(at)) and the 64-bit value that failed.
fn failCheck(id: u32, lo: u32, hi: u32) {
  if (atomicAdd(&checkFlag.count, 1u) == 0u) {
    checkFlag.id = id;
    checkFlag.lo = lo;
    checkFlag.hi = hi;
  }
}`
}

const FLAG_BYTES = 16

/** The device limits the kernels adapt to. */
export const DEVICE_LIMITS = [
  'maxStorageBuffersPerShaderStage',
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupSizeY',
  'maxComputeWorkgroupSizeZ',
  'maxComputeWorkgroupStorageSize',
  'maxComputeWorkgroupsPerDimension',
  'minUniformBufferOffsetAlignment',
] as const
export type LimitName = (typeof DEVICE_LIMITS)[number]

/** The error for reading data made invalid by an earlier failed check. */
function poisoned(cause: Error): Error {
  return new Error(
    `webgpu: this tensor was computed or used after a kernel failed its device-side check (${cause.message.replace(/ \(checked on the GPU.*\)$/, '')}); recompute it from valid inputs`,
    { cause },
  )
}

/** Every dispatch reads its shapes from one 256-byte uniform slot: 64 u32s (see shaders/common). */
export const PARAM_WORDS = 64
const SLOT_BYTES = 256
const CHUNK_BYTES = 64 * 1024

interface UniformChunk {
  readonly buffer: GPUBuffer
  readonly words: Uint32Array
  used: number
}

export class GpuRuntime {
  readonly limits: Readonly<Record<LimitName, number>>
  /** Tensor storage: read and written by shaders, copied to staging buffers for reads. */
  readonly storage: BufferPool
  /** Host-visible buffers that reads map. */
  private readonly staging: BufferPool
  private readonly pipelines = new Map<string, GPUComputePipeline>()
  private readonly chunks: UniformChunk[] = []
  private readonly slotBytes: number
  private encoder: GPUCommandEncoder | null = null
  private pass: GPUComputePassEncoder | null = null
  private chunk = 0
  private recorded = 0
  private flushTimer: ReturnType<typeof setTimeout> | undefined
  private error: Error | null = null
  /** Device-side checks: the flag buffer, checks not yet read, and the ids copied so far. */
  private flagBuffer: PooledBuffer | undefined
  private readonly checks = new Map<number, DeviceCheck>()
  private nextCheck = 1
  private checksCopied = 0
  /** Called when a check failed, with its batch, so the store can poison what was used since. */
  onCheckFailed: ((batch: number, error: Error) => void) | undefined
  /** Id of the batch being recorded; bumped by every submit. */
  batch = 0
  /** Submits so far (the pools' clock). */
  flushes = 0
  dispatches = 0

  constructor(
    readonly device: GPUDevice,
    private readonly options: RuntimeOptions,
  ) {
    const limits = {} as Record<LimitName, number>
    for (const name of DEVICE_LIMITS) limits[name] = options.limits?.[name] ?? device.limits[name]
    this.limits = limits
    this.slotBytes = Math.max(SLOT_BYTES, limits.minUniformBufferOffsetAlignment)
    const storageUsage = BufferUsage.STORAGE | BufferUsage.COPY_SRC | BufferUsage.COPY_DST
    this.storage = new BufferPool(device, storageUsage, 'othergrad storage')
    this.staging = new BufferPool(
      device,
      BufferUsage.MAP_READ | BufferUsage.COPY_DST,
      'othergrad read',
    )
    device.addEventListener('uncapturederror', (event) => {
      this.error ??= new Error(`webgpu: ${(event as GPUUncapturedErrorEvent).error.message}`)
    })
    void device.lost.then((info) => {
      this.error ??= new Error(`webgpu: the device was lost (${info.reason}): ${info.message}`)
    })
  }

  /** Workgroups for `n` invocations of `size`, spread over x and y past the per-dimension limit. */
  grid(n: number, size: number): { groups: [number, number, number]; span: number } {
    const groups = Math.ceil(n / size)
    const x = Math.min(groups, this.limits.maxComputeWorkgroupsPerDimension)
    const y = Math.ceil(groups / x)
    if (y > this.limits.maxComputeWorkgroupsPerDimension) {
      throw new Error(`webgpu: ${n} elements is more than one dispatch can cover`)
    }
    return { groups: [x, y, 1], span: x * size }
  }

  /**
   * A device-side check for the next dispatch, like CUDA's device-side asserts: the kernel calls
   * `failCheck(id, lo, hi)` (WGSL from `checkFlag`) for a bad value instead of stopping, and the
   * flag is copied along with the next read or sync (no extra stall), where `describe(value)`
   * becomes the error. Returns the check's id and the flag's binding.
   */
  deviceCheck(describe: CheckDescriber): { id: number; flag: Binding } {
    if (this.flagBuffer === undefined) {
      this.flagBuffer = this.storage.acquire(FLAG_BYTES)
      this.clear(this.flagBuffer, FLAG_BYTES)
    }
    const id = this.nextCheck++
    this.checks.set(id, { describe, batch: this.batch })
    return { id, flag: { buffer: this.flagBuffer, bytes: FLAG_BYTES } }
  }

  /** Records one dispatch of `shader` with its parameters and storage buffers (inputs first). */
  dispatch(
    shader: Shader,
    params: readonly number[],
    bindings: readonly Binding[],
    groups: readonly [number, number, number],
  ): void {
    const pipeline = this.pipeline(shader)
    const slot = this.uniformSlot(params)
    const entries: GPUBindGroupEntry[] = [
      { binding: 0, resource: { buffer: slot.buffer, offset: slot.offset, size: SLOT_BYTES } },
    ]
    for (let i = 0; i < bindings.length; i++) {
      const b = bindings[i]
      b.buffer.lastBatch = this.batch
      entries.push({
        binding: i + 1,
        resource: { buffer: b.buffer.buffer, offset: 0, size: b.bytes },
      })
    }
    const bindGroup = this.device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries,
    })
    // What is computed from invalid data is invalid: the output (the last binding but the check
    // flag) inherits poison from the inputs.
    let out = bindings.length - 1
    if (out > 0 && bindings[out].buffer === this.flagBuffer) out--
    for (let i = 0; i < out; i++) {
      const poison = bindings[i].buffer.poison
      if (poison !== undefined) bindings[out].buffer.poison ??= poison
    }
    const pass = this.computePass()
    pass.setPipeline(pipeline)
    pass.setBindGroup(0, bindGroup)
    pass.dispatchWorkgroups(groups[0], groups[1], groups[2])
    this.dispatches++
    this.recorded++
    this.afterRecord()
  }

  /** Records a copy of `bytes` from `src` to `dst`. */
  copy(src: PooledBuffer, dst: PooledBuffer, bytes: number, dstOffset = 0): void {
    const encoder = this.copyEncoder()
    src.lastBatch = dst.lastBatch = this.batch
    encoder.copyBufferToBuffer(src.buffer, 0, dst.buffer, dstOffset, bytes)
    this.recorded++
    this.afterRecord()
  }

  /** Records zeroing the first `bytes` of `dst`. */
  clear(dst: PooledBuffer, bytes: number): void {
    const encoder = this.copyEncoder()
    dst.lastBatch = this.batch
    encoder.clearBuffer(dst.buffer, 0, bytes)
    this.recorded++
    this.afterRecord()
  }

  /** Uploads host data to the start of `dst`, after any recorded command that still uses it. */
  write(dst: PooledBuffer, data: ArrayBufferView): void {
    // queue.writeBuffer runs before the open batch; a recorded command on `dst` must go first.
    if (dst.lastBatch === this.batch && this.encoder !== null) this.flush()
    // WebGPU takes no views of shared memory; those (rare) are copied first.
    const own =
      data.buffer instanceof ArrayBuffer
        ? (data as ArrayBufferView<ArrayBuffer>)
        : new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice()
    this.device.queue.writeBuffer(dst.buffer, 0, own)
  }

  /** Copies the first `bytes` of `src` to the host: submits the batch and maps a staging buffer. */
  async read(src: PooledBuffer, bytes: number): Promise<ArrayBuffer> {
    const staging = this.staging.acquire(bytes)
    const encoder = this.copyEncoder()
    encoder.copyBufferToBuffer(src.buffer, 0, staging.buffer, 0, bytes)
    const flag = this.copyFlag(encoder)
    this.flush()
    try {
      await Promise.all([
        staging.buffer.mapAsync(MapMode.READ, 0, bytes),
        flag?.staging.buffer.mapAsync(MapMode.READ, 0, FLAG_BYTES),
      ])
    } catch (cause) {
      this.throwIfFailed()
      throw cause
    }
    const copy = staging.buffer.getMappedRange(0, bytes).slice(0)
    staging.buffer.unmap()
    this.staging.release(staging, this.flushes)
    const failed = flag && this.readFlag(flag)
    this.throwIfFailed()
    if (failed) throw failed
    // Data computed or used after a failed check is not what it claims to be.
    if (src.poison) throw poisoned(src.poison)
    return copy
  }

  /** Submits the recorded batch, if any. */
  flush(): void {
    if (this.flushTimer !== undefined) {
      clearTimeout(this.flushTimer)
      this.flushTimer = undefined
    }
    if (this.encoder === null) return
    this.pass?.end()
    this.pass = null
    // Uniform writes are queued ahead of this submit; chunks are free again right after it,
    // since the queue runs the next batch's writes only after this batch.
    for (let i = 0; i <= this.chunk && i < this.chunks.length; i++) {
      const c = this.chunks[i]
      if (c.used > 0) this.device.queue.writeBuffer(c.buffer, 0, c.words.buffer, 0, c.used)
      c.used = 0
    }
    this.chunk = 0
    this.device.queue.submit([this.encoder.finish()])
    this.encoder = null
    this.recorded = 0
    this.batch++
    this.flushes++
    const { maxIdleFlushes, maxPoolBytes } = this.options
    this.storage.trim(this.flushes, maxIdleFlushes, maxPoolBytes)
    this.staging.trim(this.flushes, maxIdleFlushes, maxPoolBytes)
  }

  /** Resolves when everything recorded so far has run; rejects with the first GPU error. */
  async sync(): Promise<void> {
    const flag =
      this.checksCopied < this.nextCheck - 1 ? this.copyFlag(this.copyEncoder()) : undefined
    this.flush()
    await this.device.queue.onSubmittedWorkDone()
    if (flag) await flag.staging.buffer.mapAsync(MapMode.READ, 0, FLAG_BYTES)
    const failed = flag && this.readFlag(flag)
    this.throwIfFailed()
    if (failed) throw failed
  }

  /** Copies the check flag beside a read when checks ran since it was last read. */
  private copyFlag(encoder: GPUCommandEncoder): FlagCopy | undefined {
    const upTo = this.nextCheck - 1
    if (this.flagBuffer === undefined || upTo <= this.checksCopied) return undefined
    const staging = this.staging.acquire(FLAG_BYTES)
    encoder.copyBufferToBuffer(this.flagBuffer.buffer, 0, staging.buffer, 0, FLAG_BYTES)
    this.checksCopied = upTo
    return { staging, upTo }
  }

  /**
   * The error of the check that failed, from a mapped flag copy, or undefined. A failure resets
   * the flag (checks recorded since run after the reset) and poisons what was used since.
   */
  private readFlag(copy: FlagCopy): Error | undefined {
    const [count, id, lo, hi] = new Uint32Array(
      copy.staging.buffer.getMappedRange(0, FLAG_BYTES).slice(0),
    )
    copy.staging.buffer.unmap()
    this.staging.release(copy.staging, this.flushes)
    const check = count > 0 ? this.checks.get(id) : undefined
    for (const key of this.checks.keys()) if (key <= copy.upTo) this.checks.delete(key)
    if (count === 0) return undefined
    this.device.queue.writeBuffer(this.flagBuffer!.buffer, 0, new Uint32Array(4))
    // The value as the signed 64-bit integer the two words hold.
    const value = (hi | 0) * 2 ** 32 + lo
    const message = check
      ? check.describe(value, lo, hi)
      : `webgpu: a kernel failed a device-side check`
    const error = new Error(
      `${message} (checked on the GPU and reported at the next read; tensors computed or used since are invalid)`,
    )
    if (check) this.onCheckFailed?.(check.batch, error)
    return error
  }

  /** Frees every pooled buffer now (live storage is untouched). */
  emptyCache(): void {
    this.flush()
    this.storage.clear()
    this.staging.clear()
  }

  get pipelineCount(): number {
    return this.pipelines.size
  }

  private throwIfFailed(): void {
    const error = this.error
    if (error !== null) {
      this.error = null
      throw error
    }
  }

  private pipeline(shader: Shader): GPUComputePipeline {
    let pipeline = this.pipelines.get(shader.key)
    if (pipeline === undefined) {
      const module = this.device.createShaderModule({ label: shader.key, code: shader.code() })
      pipeline = this.device.createComputePipeline({
        label: shader.key,
        layout: 'auto',
        compute: { module, entryPoint: 'main' },
      })
      this.pipelines.set(shader.key, pipeline)
    }
    return pipeline
  }

  private uniformSlot(params: readonly number[]): { buffer: GPUBuffer; offset: number } {
    if (params.length > PARAM_WORDS) {
      throw new Error(
        `webgpu: a kernel needs ${params.length} parameters, more than ${PARAM_WORDS}`,
      )
    }
    let c = this.chunks[this.chunk]
    if (c !== undefined && c.used + this.slotBytes > CHUNK_BYTES) c = this.chunks[++this.chunk]
    if (c === undefined) {
      c = {
        buffer: this.device.createBuffer({
          label: 'othergrad params',
          size: CHUNK_BYTES,
          usage: BufferUsage.UNIFORM | BufferUsage.COPY_DST,
        }),
        words: new Uint32Array(CHUNK_BYTES / 4),
        used: 0,
      }
      this.chunks.push(c)
    }
    const offset = c.used
    // Uint32Array stores wrap negative numbers to their two's complement, as i32 reads want.
    c.words.set(params, offset / 4)
    c.used += this.slotBytes
    return { buffer: c.buffer, offset }
  }

  private commandEncoder(): GPUCommandEncoder {
    if (this.encoder === null) this.encoder = this.device.createCommandEncoder()
    return this.encoder
  }

  private computePass(): GPUComputePassEncoder {
    if (this.pass === null) this.pass = this.commandEncoder().beginComputePass()
    return this.pass
  }

  /** The encoder with no compute pass open, as copies need. */
  private copyEncoder(): GPUCommandEncoder {
    if (this.pass !== null) {
      this.pass.end()
      this.pass = null
    }
    return this.commandEncoder()
  }

  private afterRecord(): void {
    if (this.recorded >= this.options.maxBatch) {
      this.flush()
    } else if (this.flushTimer === undefined) {
      // Submit on its own once the program goes idle, so the GPU is not kept waiting for a read.
      this.flushTimer = setTimeout(() => {
        this.flushTimer = undefined
        this.flush()
      }, 0)
    }
  }
}
