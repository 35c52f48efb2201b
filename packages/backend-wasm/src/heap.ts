/**
 * The allocator for one WASM linear memory. Blocks are 64-byte aligned (a cache line, and more
 * than v128 needs) and rounded up to size classes, four per power of two, so a freed block is
 * reused by any later request of its class and a training loop that allocates the same shapes
 * every step stops growing after the first. New blocks come from a bump pointer; the memory
 * grows on demand, after which the typed-array views are re-created (growth detaches a plain
 * ArrayBuffer).
 */

const ALIGN = 64
const PAGE = 65536

/** The size class a request of `bytes` is served from: at most 25% larger, a multiple of 64. */
export function sizeClass(bytes: number): number {
  if (bytes <= ALIGN) return ALIGN
  // Four classes per power of two: 2^e, 1.25·2^e, 1.5·2^e, 1.75·2^e.
  const step = Math.max(ALIGN, 2 ** (Math.floor(Math.log2(bytes)) - 2))
  return Math.ceil(bytes / step) * step
}

// Every class is m·2^k with m in 4..7 and k >= 4, so one byte, 4k + m - 4 (never 0), names it.
// Blocks are below 2^32 bytes (wasm32), so clz32 gives k without Math.log2.
function classCode(size: number): number {
  const k = 29 - Math.clz32(size)
  return 4 * k + (size >>> k) - 4
}

const CODE_SIZES = Float64Array.from({ length: 128 }, (_, c) => (4 + (c & 3)) * 2 ** (c >> 2))

export interface HeapStats {
  /** Bytes handed out and not yet released (class sizes). */
  usedBytes: number
  /** Blocks handed out and not yet released. */
  blocks: number
  /** Bytes sitting in free lists, ready for reuse. */
  freeBytes: number
  /** Size of the linear memory. */
  heapSize: number
  /** Highest address the bump pointer has reached, above the module's static data. */
  heapTop: number
  /** How many times the memory grew. */
  grows: number
}

export class WasmHeap {
  readonly memory: WebAssembly.Memory
  u8!: Uint8Array
  i32!: Int32Array
  f32!: Float32Array
  f64!: Float64Array
  private readonly base: number
  private top: number
  private readonly free = new Map<number, number[]>()
  /**
   * The class code of the live block starting at each 64-byte slot (address / 64), 0 elsewhere:
   * a byte per 64 of memory, where a Map by address cost more per alloc than the rest of it.
   */
  private classes = new Uint8Array(0)
  private usedBytes = 0
  private blocks = 0
  private freeBytes = 0
  private grows = 0
  /** Called after every growth, e.g. to refresh views held elsewhere. */
  onGrow: (() => void) | undefined

  /** Manages `memory` from `base` (the module's `heapBase()`) upward. */
  constructor(memory: WebAssembly.Memory, base: number) {
    this.memory = memory
    this.base = Math.ceil(base / ALIGN) * ALIGN
    this.top = this.base
    this.refreshViews()
  }

  /** A 64-byte aligned block of at least `bytes` bytes; its class size is `sizeClass(bytes)`. */
  alloc(bytes: number): number {
    let size = sizeClass(bytes)
    let ptr = this.free.get(size)?.pop()
    if (ptr === undefined && this.top + size > this.u8.byteLength) {
      const larger = this.takeLarger(size)
      if (larger !== undefined) [ptr, size] = larger
    }
    if (ptr === undefined) {
      ptr = this.top
      this.top += size
      if (this.top > this.u8.byteLength) this.grow(this.top)
    } else {
      this.freeBytes -= size
    }
    this.classes[ptr / ALIGN] = classCode(size)
    this.usedBytes += size
    this.blocks++
    return ptr
  }

  /** Returns a block from `alloc` to its free list (or to the bump pointer, if on top). */
  release(ptr: number): void {
    // A misaligned or out-of-range address reads undefined, a free slot 0.
    const code = this.classes[ptr / ALIGN]
    if (!code) throw new Error(`wasm: block ${ptr} is not allocated (double free?)`)
    this.classes[ptr / ALIGN] = 0
    const size = CODE_SIZES[code]
    this.usedBytes -= size
    this.blocks--
    if (ptr + size === this.top) {
      this.top = ptr
      return
    }
    let list = this.free.get(size)
    if (list === undefined) {
      list = []
      this.free.set(size, list)
    }
    list.push(ptr)
    this.freeBytes += size
  }

  stats(): HeapStats {
    return {
      usedBytes: this.usedBytes,
      blocks: this.blocks,
      freeBytes: this.freeBytes,
      heapSize: this.u8.byteLength,
      heapTop: this.top - this.base,
      grows: this.grows,
    }
  }

  /**
   * Before growing the memory, a free block up to four classes (twice) above `size` will do:
   * it wastes under half of itself while in use, where growth would keep the memory forever.
   */
  private takeLarger(size: number): [number, number] | undefined {
    let candidate = size
    for (let i = 0; i < 4; i++) {
      candidate = sizeClass(candidate + 1)
      const ptr = this.free.get(candidate)?.pop()
      // The block keeps its class, so it goes back to the list it came from.
      if (ptr !== undefined) return [ptr, candidate]
    }
    return undefined
  }

  private grow(needed: number): void {
    const current = this.memory.buffer.byteLength
    // Grow by at least a quarter so a steadily growing workload does not grow every call.
    const target = Math.max(needed, current + current / 4)
    const pages = Math.ceil((target - current) / PAGE)
    try {
      this.memory.grow(pages)
    } catch {
      const minimum = Math.ceil((needed - current) / PAGE)
      try {
        this.memory.grow(minimum)
      } catch {
        throw new Error(
          `wasm: out of memory: cannot grow the heap from ${current} to ${needed} bytes ` +
            `(live tensors hold ${this.usedBytes} bytes); dispose tensors or use tidy()`,
        )
      }
    }
    this.grows++
    this.refreshViews()
    this.onGrow?.()
  }

  private refreshViews(): void {
    const buffer = this.memory.buffer
    this.u8 = new Uint8Array(buffer)
    this.i32 = new Int32Array(buffer)
    this.f32 = new Float32Array(buffer)
    this.f64 = new Float64Array(buffer)
    const slots = Math.floor(buffer.byteLength / ALIGN)
    if (slots > this.classes.length) {
      const classes = new Uint8Array(slots)
      classes.set(this.classes)
      this.classes = classes
    }
  }
}
