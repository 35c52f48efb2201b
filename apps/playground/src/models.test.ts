import { describe, expect, it } from 'vitest'
import { setBackend, use, zeros } from '@othergrad/core'
import { cpuBackend } from '@othergrad/backend-cpu'
import {
  buildModel,
  describeModel,
  MODEL_PRESETS,
  modelInput,
  presetSpec,
  specFromStateDict,
} from './models'

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

  it('recognises an MLP state dict by its names and shapes', () => {
    const mlp = { '0.weight': [128, 784], '0.bias': [128], '2.weight': [10, 128], '2.bias': [10] }
    expect(specFromStateDict(mlp)).toEqual({ kind: 'mlp', hidden: [128] })
    expect(
      specFromStateDict({
        ...mlp,
        '2.weight': [64, 128],
        '2.bias': [64],
        '4.weight': [10, 64],
        '4.bias': [10],
      }),
    ).toEqual({ kind: 'mlp', hidden: [128, 64] })
    expect(() => specFromStateDict({ 'fc1.weight': [128, 784] })).toThrow(
      "expected an MLP's state dict (nn.Sequential of Linear and ReLU: 0.weight, 0.bias, ...), got fc1.weight",
    )
    expect(() => specFromStateDict({ ...mlp, '0.weight': [128, 100] })).toThrow(
      "'0.weight' has shape [128, 100]; this layer takes 784 inputs, so [out, 784] was expected",
    )
    expect(() => specFromStateDict({ ...mlp, '2.bias': [9] })).toThrow(
      "'2.bias' has shape [9]; [10] was expected",
    )
    expect(() => specFromStateDict({ ...mlp, '2.weight': [5, 128], '2.bias': [5] })).toThrow(
      'the last layer gives 5 outputs; MNIST has 10 classes',
    )
    expect(() => specFromStateDict({ '0.weight': [10, 784], '0.bias': [10] })).toThrow(
      'a single Linear layer is not an MLP with hidden layers',
    )
  })
})
