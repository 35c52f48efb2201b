import type { MemoryProbe } from './library'
import type { PeakMemory } from './measurement'

/** Running maxima of process RSS and of what the library reports, sampled between steps. */
export class PeakTracker {
  private rss = 0
  private tensor: number | null = null
  private heap: number | null = null
  private gpu: number | null = null
  private details: Record<string, number> = {}

  constructor(private readonly probe: () => MemoryProbe) {}

  sample(): void {
    this.rss = Math.max(this.rss, residentBytes())
    const p = this.probe()
    this.tensor = maxOrNull(this.tensor, p.tensorBytes)
    this.heap = maxOrNull(this.heap, p.wasmHeapBytes)
    this.gpu = maxOrNull(this.gpu, p.gpuBytes)
    for (const [key, value] of Object.entries(p.details ?? {})) {
      if (typeof value === 'number') this.details[key] = Math.max(this.details[key] ?? value, value)
    }
  }

  peaks(): PeakMemory & { backend_memory?: Record<string, number> } {
    return {
      peak_rss_bytes: this.rss,
      peak_wasm_heap_bytes: this.heap,
      peak_gpu_bytes: this.gpu,
      peak_tensor_bytes: this.tensor,
      ...(Object.keys(this.details).length > 0 ? { backend_memory: { ...this.details } } : {}),
    }
  }
}

/**
 * The process's resident set size in Node. In a page, which cannot see its process, the JS heap
 * in use (Chromium's `performance.memory`), else 0: the browser bench replaces it with the
 * renderer's RSS read from outside.
 */
function residentBytes(): number {
  if (typeof process !== 'undefined' && typeof process.memoryUsage?.rss === 'function')
    return process.memoryUsage.rss()
  const heap = (performance as { memory?: { usedJSHeapSize?: number } }).memory
  return heap?.usedJSHeapSize ?? 0
}

function maxOrNull(a: number | null, b: number | null): number | null {
  if (b === null || !Number.isFinite(b)) return a
  return a === null ? b : Math.max(a, b)
}
