/** Allocation of tensor storage on one backend instance, and the statistics behind `memory()`. */
import type { MemoryInfo, Storage, TensorInfo } from '@othergrad/core/backend'
import type { Binding, GpuRuntime } from './runtime'
import { ELEMENT_BYTES, GpuStorage, gpuBuffer, gpuStorage } from './storage'

export class GpuStore {
  private bytes = 0
  private buffers = 0
  private runtime: GpuRuntime | undefined
  /** Live storage, for poisoning after a failed device-side check. */
  private readonly live = new Set<GpuStorage>()

  constructor(readonly name: string) {}

  /** Binds the store to its device once `init()` has one. */
  attach(rt: GpuRuntime): void {
    this.runtime = rt
    // A kernel failed a check in `batch`: whatever was used since may hold its garbage.
    rt.onCheckFailed = (batch, error) => {
      for (const s of this.live)
        if (s.buffer && s.buffer.lastBatch >= batch) s.buffer.poison ??= error
    }
  }

  get rt(): GpuRuntime {
    if (this.runtime === undefined) {
      throw new Error(
        `${this.name}: the backend is not initialised; await setBackend('${this.name}') first`,
      )
    }
    return this.runtime
  }

  /** New storage of `size` 4-byte elements (contents undefined until a kernel writes them). */
  alloc(size: number): GpuStorage {
    const limit = this.rt.limits.maxStorageBufferBindingSize
    if (size * ELEMENT_BYTES > limit) {
      throw new Error(
        `${this.name}: a tensor of ${size} elements (${mib(size * ELEMENT_BYTES)}) is larger than this device's storage binding limit (${mib(limit)})`,
      )
    }
    const storage = new GpuStorage(this.name, this.rt.storage.acquire(size * ELEMENT_BYTES), size)
    this.bytes += size * ELEMENT_BYTES
    this.buffers++
    this.live.add(storage)
    return storage
  }

  /** Returns the buffer to the pool; commands already recorded on it still run first. */
  dispose(storage: Storage): void {
    const buffer = gpuBuffer(storage)
    const s = storage as GpuStorage
    this.bytes -= s.size * ELEMENT_BYTES
    this.buffers--
    this.live.delete(s)
    s.buffer = null
    this.rt.storage.release(buffer, this.rt.flushes)
  }

  memory(): MemoryInfo {
    const pool = this.rt.storage.snapshot()
    return {
      bytes: this.bytes,
      buffers: this.buffers,
      // What the device holds for tensors: live buffers rounded up to buckets, plus free ones.
      gpuBytes: pool.liveBytes + pool.pooledBytes,
      pooledBytes: pool.pooledBytes,
      pooledBuffers: pool.pooledBuffers,
      peakGpuBytes: pool.peakBytes,
      pipelines: this.rt.pipelineCount,
      submits: this.rt.flushes,
      dispatches: this.rt.dispatches,
    }
  }
}

/** A storage as a dispatch binding. */
export function bind(storage: GpuStorage): Binding {
  return { buffer: gpuBuffer(storage), bytes: storage.bytes }
}

/** A kernel operand as a dispatch binding. */
export function operand(x: TensorInfo): Binding {
  return bind(gpuStorage(x))
}

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`
}
