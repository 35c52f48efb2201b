import { describe, expect, it } from 'vitest'
import { WasmHeap, sizeClass } from './heap'

const PAGE = 65536

function heap(pages = 1): WasmHeap {
  return new WasmHeap(new WebAssembly.Memory({ initial: pages }), 100)
}

describe('sizeClass', () => {
  it('rounds up to 64-byte multiples, four classes per power of two', () => {
    expect(sizeClass(1)).toBe(64)
    expect(sizeClass(64)).toBe(64)
    expect(sizeClass(65)).toBe(128)
    expect(sizeClass(1024)).toBe(1024)
    expect(sizeClass(1025)).toBe(1280)
    expect(sizeClass(1281)).toBe(1536)
    expect(sizeClass(1793)).toBe(2048)
  })

  it('wastes at most a quarter of any request', () => {
    for (let bytes = 65; bytes < 1 << 20; bytes = Math.ceil(bytes * 1.37)) {
      const size = sizeClass(bytes)
      expect(size).toBeGreaterThanOrEqual(bytes)
      expect(size % 64).toBe(0)
      expect(size / bytes).toBeLessThanOrEqual(1.25 + 64 / bytes)
    }
  })
})

describe('WasmHeap', () => {
  it('hands out 64-byte aligned, non-overlapping blocks above the base', () => {
    const h = heap()
    const a = h.alloc(10)
    const b = h.alloc(100)
    const c = h.alloc(1000)
    for (const p of [a, b, c]) {
      expect(p % 64).toBe(0)
      expect(p).toBeGreaterThanOrEqual(100)
    }
    expect(b).toBeGreaterThanOrEqual(a + 10)
    expect(c).toBeGreaterThanOrEqual(b + 100)
  })

  it('reuses a freed block for the next request of its size class', () => {
    const h = heap()
    const a = h.alloc(4000)
    h.alloc(64) // keeps `a` off the top of the heap
    h.release(a)
    expect(h.stats().freeBytes).toBe(sizeClass(4000))
    expect(h.alloc(3900)).toBe(a)
    expect(h.stats().freeBytes).toBe(0)
  })

  it('returns the top block to the bump pointer instead of a free list', () => {
    const h = heap()
    const a = h.alloc(5000)
    const top = h.stats().heapTop
    h.release(a)
    expect(h.stats().heapTop).toBe(top - sizeClass(5000))
    expect(h.stats().freeBytes).toBe(0)
    expect(h.alloc(5000)).toBe(a)
  })

  it('keeps the heap flat over a repeating allocation pattern', () => {
    const h = heap()
    const sizes = [784 * 128 * 4, 512 * 128 * 4, 10 * 128 * 4, 512 * 4, 40, 4]
    let top = 0
    for (let step = 0; step < 50; step++) {
      const blocks = sizes.map((s) => h.alloc(s))
      // Release in a different order than allocated, as a garbage collector would.
      for (const p of [...blocks].reverse().sort((x, y) => ((x * 7919) % 13) - ((y * 7919) % 13))) {
        h.release(p)
      }
      if (step === 1) top = h.stats().heapTop
      if (step > 1) expect(h.stats().heapTop).toBe(top)
    }
    expect(h.stats().blocks).toBe(0)
    expect(h.stats().usedBytes).toBe(0)
  })

  it('grows the memory on demand and re-creates its views', () => {
    const h = heap(1)
    let grew = 0
    h.onGrow = () => grew++
    const p = h.alloc(3 * PAGE)
    expect(h.stats().heapSize).toBeGreaterThanOrEqual(p + 3 * PAGE)
    expect(h.stats().grows).toBe(1)
    expect(grew).toBe(1)
    expect(h.f32.length * 4).toBe(h.memory.buffer.byteLength)
    h.f32[(p >>> 2) + 3 * (PAGE / 4) - 1] = 1.5
    expect(new Float32Array(h.memory.buffer)[(p >>> 2) + 3 * (PAGE / 4) - 1]).toBe(1.5)
  })

  it('takes a somewhat larger free block rather than growing', () => {
    const h = heap(1)
    const big = h.alloc(20000)
    h.alloc(64)
    h.release(big)
    // Fill the rest of the page so the next request would have to grow.
    while (h.stats().heapTop + 128 + 1024 <= PAGE) h.alloc(1024)
    expect(h.alloc(15000)).toBe(big)
    expect(h.stats().grows).toBe(0)
  })

  it('counts live blocks and bytes', () => {
    const h = heap()
    const a = h.alloc(100)
    const b = h.alloc(1000)
    expect(h.stats()).toMatchObject({ blocks: 2, usedBytes: sizeClass(100) + sizeClass(1000) })
    h.release(a)
    h.release(b)
    expect(h.stats()).toMatchObject({ blocks: 0, usedBytes: 0 })
  })

  it('rejects a double free', () => {
    const h = heap()
    const a = h.alloc(100)
    h.alloc(100)
    h.release(a)
    expect(() => h.release(a)).toThrow(/not allocated/)
  })

  it('rejects addresses it never handed out: misaligned, inside a block, past the memory', () => {
    const h = heap()
    const a = h.alloc(1000)
    h.alloc(64)
    expect(() => h.release(a + 1)).toThrow(/not allocated/)
    expect(() => h.release(a + 64)).toThrow(/not allocated/)
    expect(() => h.release(64 * PAGE)).toThrow(/not allocated/)
    h.release(a)
  })

  it('remembers the class of every block, large ones and ones above a growth included', () => {
    const h = heap(1)
    const sizes = [64, 192, 320, 448, 1 << 20, 5 << 20, 7 << 18]
    const blocks = sizes.map((bytes) => [h.alloc(bytes), bytes] as const)
    h.alloc(64)
    expect(h.stats().grows).toBeGreaterThan(0)
    for (const [ptr, bytes] of blocks) {
      const used = h.stats().usedBytes
      h.release(ptr)
      expect(used - h.stats().usedBytes).toBe(sizeClass(bytes))
      // Its free list serves the next request of its class.
      expect(h.alloc(bytes)).toBe(ptr)
    }
  })
})
