/**
 * op-softplus's own WGSL kernel on a WebGPU backend: registered by webgpu.test.ts (Node, Dawn)
 * and by the Chromium page (navigator.gpu on SwiftShader). The installed kernel runs (a counter
 * on its row) and its values match PyTorch's within float32 GPU math.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { setBackend, tensor, use } from '@othergrad/core'
import type { Backend } from '@othergrad/core/backend'
import { softplus, softplusOps } from '../src/index'
import {
  BETA2,
  EDGES,
  EDGES_EXPECTED_F32,
  EXPECTED,
  THRESHOLD_EXPECTED,
  THRESHOLD_X,
  X,
  close,
  countKernelCalls,
} from './reference'

// GPU exp and log are good to a few float32 ulps.
const RTOL = 1e-5

export function registerWebgpuSoftplus(backend: () => Backend): void {
  describe('softplus on webgpu (its own WGSL kernel)', () => {
    beforeAll(async () => {
      use(softplusOps())
      use(backend())
      await setBackend('webgpu')
    })

    it('runs its own kernel and matches PyTorch', async () => {
      await setBackend('webgpu')
      const counter = countKernelCalls()
      close(await softplus(tensor(X)).data(), EXPECTED, RTOL)
      close(await tensor([-1, 0, 1]).softplus(2).data(), BETA2, RTOL)
      close(await softplus(tensor(THRESHOLD_X), 2, 10).data(), THRESHOLD_EXPECTED, RTOL)
      const edges = await softplus(tensor(EDGES)).data()
      close(edges.subarray(0, 3), EDGES_EXPECTED_F32.slice(0, 3))
      // GPUs may flush denormals to zero: e^-100 may come back as 0.
      expect(edges[3]).toBeGreaterThanOrEqual(0)
      expect(edges[3]).toBeLessThanOrEqual(2 * EDGES_EXPECTED_F32[3])
      expect(counter.calls).toBe(4)
    })

    it('covers a 2-D dispatch grid and differentiates through its kernel', async () => {
      await setBackend('webgpu')
      const counter = countKernelCalls()
      const n = 70_001
      const values = Array.from({ length: n }, (_, i) => ((i * 7919) % 4001) / 100 - 20)
      const y = await softplus(tensor(values)).data()
      const at = [0, 1, 4095, 65_535, n - 1]
      close(
        at.map((i) => y[i]),
        at.map((i) => Math.max(values[i], 0) + Math.log1p(Math.exp(-Math.abs(values[i])))),
        RTOL,
      )
      const x = tensor([-1, 0, 1], { requiresGrad: true })
      softplus(x).sum().backward()
      close(await x.grad!.data(), [0.2689414213699951, 0.5, 0.7310585786300049], RTOL)
      expect(counter.calls).toBe(2)
    })
  })
}
