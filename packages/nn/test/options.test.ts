import { describe, expect, it } from 'vitest'
import { randn, tensor } from '@othergrad/core'
import {
  BatchNorm1d,
  CrossEntropyLoss,
  Embedding,
  functional,
  HuberLoss,
  init,
  LayerNorm,
  LeakyReLU,
  Linear,
  loadSafetensors,
  saveSafetensors,
  utils,
} from '../src/index'
import { useCpu } from './setup'

await useCpu()

// Options objects are checked like PyTorch's keyword arguments: a misspelt key is an error that
// names the known one, never silently ignored.
describe('nn options are checked', () => {
  it('rejects unknown layer options, suggesting the known one', () => {
    expect(() => new Linear(2, 3, { bais: false } as object)).toThrow(
      "Linear: unknown option 'bais'; did you mean 'bias'? (known options: bias, dtype, backend)",
    )
    expect(() => new BatchNorm1d(4, { track_running_stats: false } as object)).toThrow(
      "BatchNorm1d: unknown option 'track_running_stats'; did you mean 'trackRunningStats'?",
    )
    expect(() => new Embedding(4, 2, { padding_idx: 0 } as object)).toThrow(
      "Embedding: unknown option 'padding_idx'; did you mean 'paddingIdx'?",
    )
    expect(() => new LayerNorm(4, { elementwise_affine: false } as object)).toThrow(
      "LayerNorm: unknown option 'elementwise_affine'; did you mean 'elementwiseAffine'?",
    )
  })

  it('rejects hyperparameters that are not finite numbers in range', () => {
    expect(() => new Linear(2, 3, { dtype: 'int32' as 'float32' })).toThrow(
      "Linear: parameters must be float32 or float64, got dtype 'int32'",
    )
    expect(() => new BatchNorm1d(4, { momentum: 2 })).toThrow(
      'BatchNorm1d: momentum must be a finite number >= 0 and <= 1, got 2',
    )
    expect(() => new BatchNorm1d(4, { eps: NaN })).toThrow(
      'BatchNorm1d: eps must be a finite number >= 0, got NaN',
    )
    expect(() => new LayerNorm([4, 2.5])).toThrow(
      'LayerNorm: normalized_shape must be an integer >= 0, got 2.5',
    )
    expect(() => new Embedding(-1, 2)).toThrow(
      'Embedding: num_embeddings must be an integer >= 0, got -1',
    )
    expect(() => new LeakyReLU(NaN)).toThrow(
      'LeakyReLU: negative_slope must be a finite number, got NaN',
    )
    expect(() => init.kaimingUniform_(randn([2, 2]), { a: Infinity })).toThrow(
      'kaimingUniform_: a must be a finite number, got Infinity',
    )
  })

  it('rejects unknown loss, init, module and file options', async () => {
    expect(() => new CrossEntropyLoss({ label_smoothing: 0.1 } as object)).toThrow(
      "CrossEntropyLoss: unknown option 'label_smoothing'; did you mean 'labelSmoothing'?",
    )
    expect(() => new HuberLoss({ beta: 1 } as object)).toThrow("HuberLoss: unknown option 'beta'")
    expect(() => functional.mseLoss(randn([2]), randn([2]), { reduce: 'sum' } as object)).toThrow(
      "mseLoss: unknown option 'reduce'; did you mean 'reduction'?",
    )
    expect(() => init.kaimingNormal_(randn([2, 2]), { nonLinearity: 'relu' } as object)).toThrow(
      "kaimingNormal_: unknown option 'nonLinearity'; did you mean 'nonlinearity'?",
    )
    const model = new Linear(2, 2)
    expect(() => model.loadStateDict(model.stateDict(), { strictly: false } as object)).toThrow(
      "loadStateDict: unknown option 'strictly'; did you mean 'strict'?",
    )
    expect(() => model.zeroGrad({ set_to_none: false } as object)).toThrow(
      "zeroGrad: unknown option 'set_to_none'; did you mean 'setToNone'?",
    )
    expect(() =>
      utils.clipGradNorm_(model.parameters(), 1, 2, { error_if_nonfinite: true } as object),
    ).toThrow(
      "clipGradNorm_: unknown option 'error_if_nonfinite'; did you mean 'errorIfNonfinite'?",
    )
    const bytes = await saveSafetensors({ w: tensor([1, 2]) })
    expect(() => loadSafetensors(bytes, { device: 'cpu' } as object)).toThrow(
      "loadSafetensors: unknown option 'device'",
    )
  })
})
