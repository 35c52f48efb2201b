import { beforeAll, describe, expect, it } from 'vitest'
import { memory, setBackend, tensor, use, zeros } from '@othergrad/core'
import type { Backend } from '@othergrad/core/backend'
import { cpuBackend } from '@othergrad/backend-cpu'
import { nodeWebgpuBackend } from './node'
import { webgpuBackend } from './webgpuBackend'

describe('webgpuBackend', () => {
  let backend: Backend
  beforeAll(async () => {
    backend = nodeWebgpuBackend({ maxPoolBytes: 1 << 20, maxIdleFlushes: 4 })
    use(cpuBackend())
    use(backend)
    await setBackend('webgpu')
  })

  it("is named 'webgpu' and rejects float64 with a clear error", () => {
    expect(backend.name).toBe('webgpu')
    expect(() => tensor([1, 2], { dtype: 'float64' })).toThrow(
      'webgpu: float64 is not supported; use float32',
    )
    expect(() => zeros([2], { dtype: 'float64' })).toThrow('webgpu: float64 is not supported')
    expect(() => tensor([1.5]).double()).toThrow('webgpu: float64 is not supported')
  })

  it('rejects unknown options and limits that are not whole numbers', () => {
    expect(() => webgpuBackend({ maxBatchSize: 64 } as object)).toThrow(
      "webgpuBackend: unknown option 'maxBatchSize'; did you mean 'maxBatch'?",
    )
    expect(() => nodeWebgpuBackend({ dawn_flags: [] } as object)).toThrow(
      "nodeWebgpuBackend: unknown option 'dawn_flags'; did you mean 'dawnFlags'?",
    )
    expect(() => webgpuBackend({ maxBatch: 0 })).toThrow(
      'webgpuBackend: maxBatch must be an integer >= 1, got 0',
    )
  })

  it('says what to use in Node, where there is no navigator.gpu, and before init', async () => {
    const plain = webgpuBackend()
    await expect(plain.init!()).rejects.toThrow(
      /use nodeWebgpuBackend\(\) from '@othergrad\/backend-webgpu\/node'/,
    )
    expect(() => plain.fill(3, 1, 'float32')).toThrow(
      "webgpu: the backend is not initialised; await setBackend('webgpu') first",
    )
  })

  it('reads only asynchronously', async () => {
    const x = tensor([1, 2, 3])
    expect(backend.readSync).toBeUndefined()
    expect(() => x.dataSync()).toThrow(
      "dataSync: backend 'webgpu' cannot read synchronously; use await t.data()",
    )
    expect(await x.toArray()).toEqual([1, 2, 3])
    expect(await x.sum().item()).toBe(6)
  })

  it('round-trips every dtype through the CPU backend', async () => {
    const values = {
      float32: tensor([1.5, -2, NaN]),
      int32: tensor([7, -8], { dtype: 'int32' }),
      bool: tensor([true, false, true]),
    }
    for (const t of Object.values(values)) {
      const cpu = await t.to('cpu')
      expect(cpu.backend.name).toBe('cpu')
      const back = await cpu.to('webgpu')
      expect(back.backend.name).toBe('webgpu')
      expect(back.dtype).toBe(t.dtype)
      expect(await back.toArray()).toEqual(await t.toArray())
    }
    const big = await tensor([
      [1, 2],
      [3, 4],
    ]).to('cpu')
    const onGpu = await big.matmul(big).to('webgpu')
    expect(await onGpu.toArray()).toEqual([
      [7, 10],
      [15, 22],
    ])
  })

  it('records many ops into few submits and waits for them with sync', async () => {
    await backend.sync!()
    const before = backend.memory().submits
    let x = tensor([1, 2, 3, 4])
    for (let i = 0; i < 100; i++) x = x.add(1).mul(1)
    await backend.sync!()
    expect(backend.memory().submits - before).toBeLessThanOrEqual(2)
    expect(await x.toArray()).toEqual([101, 102, 103, 104])
  })

  it('returns disposed storage to the pool and gives idle pooled memory back', async () => {
    const start = backend.memory()
    const ts = Array.from({ length: 20 }, () => zeros([64 * 1024]))
    const grown = backend.memory()
    expect(grown.bytes - start.bytes).toBe(20 * 256 * 1024)
    for (const t of ts) t.dispose()
    const freed = backend.memory()
    expect(freed.bytes).toBe(start.bytes)
    expect(freed.buffers).toBe(start.buffers)
    // Idle free buffers are destroyed a few submits later (maxIdleFlushes: 4), and the pool
    // never holds more than maxPoolBytes (1 MiB) after a submit.
    for (let i = 0; i < 6; i++) await tensor([i]).add(1).data()
    const trimmed = backend.memory()
    expect(trimmed.pooledBytes).toBeLessThanOrEqual(1 << 20)
    expect(trimmed.gpuBytes).toBeLessThan(grown.gpuBytes)
    expect(memory().webgpu.backend.gpuBytes).toBe(trimmed.gpuBytes)
  })

  it('reuses a pooled buffer for storage of the same bucket', async () => {
    const a = zeros([1000])
    const peak = backend.memory().peakGpuBytes
    a.dispose()
    const b = zeros([1000])
    expect(backend.memory().peakGpuBytes).toBe(peak)
    expect(await b.sum().item()).toBe(0)
  })

  it('writes data into a buffer still used by recorded work only after that work', async () => {
    // y's buffer is read by the recorded add; x2 may be given the same pooled buffer.
    const x = tensor([1, 2, 3])
    const y = x.mul(10)
    x.dispose()
    const x2 = tensor([5, 5, 5])
    expect(await y.toArray()).toEqual([10, 20, 30])
    expect(await x2.toArray()).toEqual([5, 5, 5])
  })
})
