import { describe, expect, it } from 'vitest'
import { backendName, probeCapabilities } from './backends'

const gpu = (adapter: unknown) => ({ requestAdapter: async () => adapter })

describe('probing the browser', () => {
  it('offers a thread per core (at most 8) and WebGPU when there is an adapter', async () => {
    const scope = {
      crossOriginIsolated: true,
      Worker: class {},
      navigator: { hardwareConcurrency: 16, gpu: gpu({}) },
    }
    expect(await probeCapabilities(scope)).toEqual({
      crossOriginIsolated: true,
      maxThreads: 8,
      webgpu: { available: true },
    })
  })

  it('says why threads are limited to 1 and why WebGPU is unavailable', async () => {
    const notIsolated = await probeCapabilities({
      crossOriginIsolated: false,
      Worker: class {},
      navigator: { hardwareConcurrency: 4 },
    })
    expect(notIsolated).toEqual({
      crossOriginIsolated: false,
      maxThreads: 1,
      threadsNote:
        'the page is not cross-origin isolated (it needs the COOP/COEP headers), so WASM has no shared memory and runs on 1 thread',
      webgpu: {
        available: false,
        reason: 'this browser does not offer WebGPU to workers (navigator.gpu is undefined)',
      },
    })
    const noNestedWorkers = await probeCapabilities({
      crossOriginIsolated: true,
      navigator: { hardwareConcurrency: 4, gpu: gpu(null) },
    })
    expect(noNestedWorkers).toMatchObject({
      maxThreads: 1,
      threadsNote: 'this browser cannot start workers from a worker, so WASM runs on 1 thread',
      webgpu: {
        available: false,
        reason: 'the browser offers no WebGPU adapter (no usable GPU, or WebGPU is turned off)',
      },
    })
  })

  it('names a backend per thread count', () => {
    expect(backendName({ kind: 'wasm', threads: 1 })).toBe('wasm')
    expect(backendName({ kind: 'wasm', threads: 4 })).toBe('wasm-4')
    expect(backendName({ kind: 'webgpu' })).toBe('webgpu')
  })
})
