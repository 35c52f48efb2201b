/**
 * The Chromium page's own part, run before wasm.test.ts: a check that the page is cross-origin
 * isolated (else the two-thread backend would quietly run on one thread and its tests fail
 * less clearly), then the WebGPU kernel on navigator.gpu.
 */
import { describe, expect, it } from 'vitest'
import { webgpuBackend } from '@othergrad/backend-webgpu'
import { registerWebgpuSoftplus } from '../webgpuSuite'

describe('page', () => {
  it('is cross-origin isolated, with WebGPU', () => {
    expect(globalThis.crossOriginIsolated).toBe(true)
    expect(typeof navigator.gpu).toBe('object')
  })
})

registerWebgpuSoftplus(() => webgpuBackend())
