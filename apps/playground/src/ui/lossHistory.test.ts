import { describe, expect, it } from 'vitest'
import { LossHistory } from './lossHistory'

describe('LossHistory', () => {
  it('gives each backend its own column and a bias-corrected moving average', () => {
    const h = new LossHistory()
    h.add([
      { step: 1, loss: 2, backend: 'wasm' },
      { step: 2, loss: 1, backend: 'wasm' },
    ])
    h.add([{ step: 3, loss: 0.5, backend: 'webgpu' }])
    expect(h.backends()).toEqual(['wasm', 'webgpu'])
    const [steps, wasm, webgpu, smooth] = h.columns(h.backends())
    expect(steps).toEqual([1, 2, 3])
    expect(wasm).toEqual([2, 1, null])
    expect(webgpu).toEqual([null, null, 0.5])
    // (0.1·2) / 0.1, then (0.09·2 + 0.1·1) / 0.19, then (0.081·2 + 0.09·1 + 0.1·0.5) / 0.271.
    expect(smooth[0]).toBeCloseTo(2, 12)
    expect(smooth[1]).toBeCloseTo(0.28 / 0.19, 12)
    expect(smooth[2]).toBeCloseTo(0.302 / 0.271, 12)
    h.clear()
    expect(h.all()).toEqual([])
    h.add([{ step: 1, loss: 3, backend: 'wasm' }])
    expect(h.columns(['wasm'])[2]).toEqual([3])
  })
})
