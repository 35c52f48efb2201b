import type { Backend } from './backend/backend'
import type { Storage } from './backend/kernels'

/**
 * Core's reference count on one piece of backend storage. Views (reshape, squeeze, ...) share a
 * `StorageRef`, and so share its version counter, as PyTorch's views share one.
 */
export class StorageRef {
  refs = 1
  /** Bumped by every in-place write; saved tensors compare it at backward time. */
  version = 0
  /** The live counters of this storage's backend (looked up once, not per tensor). */
  readonly stats: LiveStats

  constructor(
    readonly backend: Backend,
    public storage: Storage,
    readonly bytes: number,
  ) {
    const stats = statsFor(backend.name)
    this.stats = stats
    stats.bytes += bytes
    stats.storages++
    totalBytes += bytes
  }

  /**
   * Trades storage with `other` (same size and dtype): an in-place op whose result is fresh takes
   * the result's storage instead of copying it; views, sharing this ref, see it at once.
   */
  swapStorage(other: StorageRef): void {
    const mine = this.storage
    this.storage = other.storage
    other.storage = mine
  }

  retain(): void {
    this.refs++
  }

  release(): void {
    if (--this.refs > 0) return
    const stats = this.stats
    stats.bytes -= this.bytes
    stats.storages--
    totalBytes -= this.bytes
    this.backend.disposeStorage(this.storage)
  }
}

let totalBytes = 0

/** Bytes of storage core holds across every backend. */
export function liveBytes(): number {
  return totalBytes
}

export interface LiveStats {
  tensors: number
  storages: number
  bytes: number
}

const live = new Map<string, LiveStats>()

export function statsFor(backend: string): LiveStats {
  let stats = live.get(backend)
  if (stats === undefined) {
    stats = { tensors: 0, storages: 0, bytes: 0 }
    live.set(backend, stats)
  }
  return stats
}

export function allStats(): ReadonlyMap<string, LiveStats> {
  return live
}
