import { describe, expect, it } from 'vitest'
import { setBackend, use, zeros } from '@othergrad/core'
import { cpuBackend } from '@othergrad/backend-cpu'
import { convOps } from '@othergrad/op-conv'
import {
  buildModel,
  describeModel,
  modelDefaults,
  MODEL_PRESETS,
  modelInput,
  presetSpec,
  specFromStateDict,
} from './models'

describe('models', () => {
  it('builds each preset with PyTorch names and 10 logits', async () => {
    use(cpuBackend())
    use(convOps())
    await setBackend('cpu')
    for (const { spec } of MODEL_PRESETS) {
      const model = buildModel(spec)
      expect(model.forward(modelInput(spec, zeros([2, 784]))).shape).toEqual([2, 10])
      expect(Object.keys(model.stateDict())).toContain(
        spec.kind === 'mlp' ? '0.weight' : 'conv1.weight',
      )
    }
    expect(describeModel(presetSpec('mlp-512-256'))).toBe('MLP 784-512-256-10')
    expect(describeModel(presetSpec('cnn'))).toBe('CNN (PyTorch examples/mnist)')
    expect(() => presetSpec('resnet')).toThrow(
      "model: unknown model 'resnet' (known: mlp-512-256, mlp-128, mlp-32, cnn)",
    )
  })

  it("feeds the CNN normalised [n, 1, 28, 28] images, as pnpm mnist's CNN takes them", async () => {
    use(cpuBackend())
    await setBackend('cpu')
    const x = modelInput({ kind: 'cnn' }, zeros([3, 784]).add(1))
    expect(x.shape).toEqual([3, 1, 28, 28])
    expect((await x.data())[0]).toBeCloseTo((1 - 0.1307) / 0.3081, 5)
  })

  it("starts each model with pnpm mnist's optimizer, learning rate and batch size", () => {
    expect(modelDefaults({ kind: 'mlp', hidden: [128] })).toEqual({
      optimizer: 'sgd',
      lr: 0.05,
      batchSize: 128,
    })
    expect(modelDefaults({ kind: 'cnn' })).toEqual({ optimizer: 'adadelta', lr: 1, batchSize: 64 })
  })

  it("recognises PyTorch's examples/mnist CNN state dict by its names and shapes", async () => {
    use(cpuBackend())
    use(convOps())
    await setBackend('cpu')
    const shapes = Object.fromEntries(
      Object.entries(buildModel({ kind: 'cnn' }).stateDict()).map(([k, t]) => [k, t.shape]),
    )
    // PyTorch's `Net` of examples/mnist: conv1, conv2, fc1, fc2 (the dropouts hold nothing).
    expect(shapes).toEqual({
      'conv1.weight': [32, 1, 3, 3],
      'conv1.bias': [32],
      'conv2.weight': [64, 32, 3, 3],
      'conv2.bias': [64],
      'fc1.weight': [128, 9216],
      'fc1.bias': [128],
      'fc2.weight': [10, 128],
      'fc2.bias': [10],
    })
    expect(specFromStateDict(shapes)).toEqual({ kind: 'cnn' })
    expect(() => specFromStateDict({ ...shapes, 'fc1.weight': [128, 4608] })).toThrow(
      "'fc1.weight' has shape [128, 4608]; PyTorch's examples/mnist CNN has [128, 9216]",
    )
    const { 'fc2.bias': _, ...noBias } = shapes
    expect(() => specFromStateDict({ ...noBias, 'fc3.weight': [10, 10] })).toThrow(
      "expected the state dict of PyTorch's examples/mnist CNN (conv1.weight, conv1.bias, conv2.weight, conv2.bias, fc1.weight, fc1.bias, fc2.weight, fc2.bias): missing fc2.bias; unexpected fc3.weight",
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
      "expected the state dict of PyTorch's examples/mnist CNN (conv1.weight, conv1.bias, conv2.weight, conv2.bias, fc1.weight, fc1.bias, fc2.weight, fc2.bias): missing conv1.weight, conv1.bias, conv2.weight, conv2.bias, fc1.bias, fc2.weight, fc2.bias",
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
