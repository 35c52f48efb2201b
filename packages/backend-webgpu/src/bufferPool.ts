/**
 * A size-bucketed pool of GPU buffers of one usage. Released buffers wait in a free list for
 * the next request of their bucket; `trim` destroys the ones left idle too long or beyond a byte
 * budget, so memory is returned to the device instead of only growing.
 */

/** A GPU buffer with the bookkeeping the pool and the command batcher need. */
export interface PooledBuffer {
  readonly buffer: GPUBuffer
  /** Bytes allocated (the bucket size). */
  readonly size: number
  /** The batch that last used it: writing from the host must wait until that batch is submitted. */
  lastBatch: number
  /** The flush count when it was released, for idle trimming. */
  freedAt: number
  /**
   * Set when the data is not valid: it was computed or used after a kernel failed a device-side
   * check (see `GpuRuntime.deviceCheck`). Reading it raises this error; cleared on release.
   */
  poison?: Error
}

/** Smallest bucket: every buffer is at least this big (and a multiple of 16 bytes). */
const MIN_BUCKET = 256

/**
 * The bucket a request of `bytes` falls in: powers of two split in quarters, so at most a
 * quarter of a buffer is slack while equal-ish sizes (batches, activations) share buffers.
 */
export function bucketSize(bytes: number): number {
  if (bytes <= MIN_BUCKET) return MIN_BUCKET
  const pow = 2 ** Math.floor(Math.log2(bytes))
  const step = pow / 4
  return Math.ceil(bytes / step) * step
}

export interface PoolStats {
  /** Buffers handed out and not yet released. */
  liveBuffers: number
  liveBytes: number
  /** Buffers waiting in the free lists. */
  pooledBuffers: number
  pooledBytes: number
  /** Most bytes ever allocated from the device at once (live + pooled). */
  peakBytes: number
}

export class BufferPool {
  private readonly free = new Map<number, PooledBuffer[]>()
  private readonly stats: PoolStats = {
    liveBuffers: 0,
    liveBytes: 0,
    pooledBuffers: 0,
    pooledBytes: 0,
    peakBytes: 0,
  }

  constructor(
    private readonly device: GPUDevice,
    private readonly usage: number,
    private readonly label: string,
  ) {}

  /** A buffer of at least `bytes`, reused from the free list when one of the bucket is there. */
  acquire(bytes: number): PooledBuffer {
    const size = bucketSize(bytes)
    const list = this.free.get(size)
    let pooled = list?.pop()
    if (pooled !== undefined) {
      this.stats.pooledBuffers--
      this.stats.pooledBytes -= size
    } else {
      const buffer = this.device.createBuffer({ label: this.label, size, usage: this.usage })
      pooled = { buffer, size, lastBatch: -1, freedAt: 0 }
    }
    this.stats.liveBuffers++
    this.stats.liveBytes += size
    const total = this.stats.liveBytes + this.stats.pooledBytes
    if (total > this.stats.peakBytes) this.stats.peakBytes = total
    return pooled
  }

  /** Returns a buffer to its bucket's free list. */
  release(pooled: PooledBuffer, now: number): void {
    pooled.freedAt = now
    pooled.poison = undefined
    let list = this.free.get(pooled.size)
    if (list === undefined) this.free.set(pooled.size, (list = []))
    list.push(pooled)
    this.stats.liveBuffers--
    this.stats.liveBytes -= pooled.size
    this.stats.pooledBuffers++
    this.stats.pooledBytes += pooled.size
  }

  /**
   * Destroys free buffers released before `now - maxIdle`, then the oldest ones until at most
   * `maxBytes` stay pooled. Only called right after a submit, so no unsubmitted command can
   * still refer to a destroyed buffer.
   */
  trim(now: number, maxIdle: number, maxBytes: number): void {
    if (this.stats.pooledBuffers === 0) return
    for (const [size, list] of this.free) {
      // Lists are in release order, so the idle ones are a prefix.
      let idle = 0
      while (idle < list.length && now - list[idle].freedAt > maxIdle) idle++
      if (idle > 0) this.destroy(list.splice(0, idle))
      if (list.length === 0) this.free.delete(size)
    }
    while (this.stats.pooledBytes > maxBytes) {
      let oldestSize = -1
      let oldestAt = Infinity
      for (const [size, list] of this.free) {
        if (list[0].freedAt < oldestAt) {
          oldestAt = list[0].freedAt
          oldestSize = size
        }
      }
      if (oldestSize < 0) break
      const list = this.free.get(oldestSize)!
      this.destroy(list.splice(0, 1))
      if (list.length === 0) this.free.delete(oldestSize)
    }
  }

  /** Destroys every pooled buffer (on backend shutdown or an explicit `emptyCache`). */
  clear(): void {
    for (const list of this.free.values()) this.destroy(list)
    this.free.clear()
  }

  snapshot(): Readonly<PoolStats> {
    return this.stats
  }

  private destroy(buffers: PooledBuffer[]): void {
    for (const b of buffers) {
      b.buffer.destroy()
      this.stats.pooledBuffers--
      this.stats.pooledBytes -= b.size
    }
  }
}
