import { describe, expect, it } from 'vitest'
import { setBackend, use, zeros } from '@othergrad/core'
import { cpuBackend } from '@othergrad/backend-cpu'
import { buildModel, describeModel, MODEL_PRESETS, modelInput, presetSpec } from './models'

describe('models', () => {
  it('builds each preset with PyTorch names and 10 logits', async () => {
    use(cpuBackend())
    await setBackend('cpu')
    for (const { spec } of MODEL_PRESETS) {
      const model = buildModel(spec)
      expect(model.forward(modelInput(spec, zeros([2, 784]))).shape).toEqual([2, 10])
      expect(Object.keys(model.stateDict())).toContain('0.weight')
    }
    expect(describeModel(presetSpec('mlp-512-256'))).toBe('MLP 784-512-256-10')
    expect(() => presetSpec('cnn')).toThrow(
      "model: unknown model 'cnn' (known: mlp-512-256, mlp-128, mlp-32)",
    )
  })
})
