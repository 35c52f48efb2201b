import type { Tensor } from '@othergrad/core'
import { buildMlp, type Classifier } from '@othergrad/mnist-app'

/**
 * A model the playground can train: today multilayer perceptrons on flattened 28x28 digits.
 * Another architecture is one more member of this union, a case in `buildModel` and `describe`,
 * and a preset.
 */
export type ModelSpec = { kind: 'mlp'; hidden: number[] }

/** The models offered in the page, the command-line trainer's default first. */
export const MODEL_PRESETS: readonly { id: string; spec: ModelSpec }[] = [
  { id: 'mlp-512-256', spec: { kind: 'mlp', hidden: [512, 256] } },
  { id: 'mlp-128', spec: { kind: 'mlp', hidden: [128] } },
  { id: 'mlp-32', spec: { kind: 'mlp', hidden: [32] } },
]

/** Builds the model on the active backend, initialised from core's seeded generator. */
export function buildModel(spec: ModelSpec): Classifier {
  switch (spec.kind) {
    case 'mlp':
      return buildMlp(spec.hidden)
  }
}

/** How a batch of `[n, 784]` pixels in [0, 1] enters the model. */
export function modelInput(spec: ModelSpec, pixels: Tensor): Tensor {
  switch (spec.kind) {
    case 'mlp':
      return pixels
  }
}

/** "MLP 784-512-256-10". */
export function describeModel(spec: ModelSpec): string {
  switch (spec.kind) {
    case 'mlp':
      return `MLP 784-${spec.hidden.map(String).join('-')}-10`
  }
}

/** The preset with this id; unknown ids are an error naming the known ones. */
export function presetSpec(id: string): ModelSpec {
  const preset = MODEL_PRESETS.find((p) => p.id === id)
  if (!preset)
    throw new Error(
      `model: unknown model '${id}' (known: ${MODEL_PRESETS.map((p) => p.id).join(', ')})`,
    )
  return preset.spec
}

/**
 * The model a bare state dict holds, from its names and shapes: today an MLP saved by PyTorch
 * (`nn.Sequential(Linear, ReLU, ..., Linear)`: `0.weight`, `0.bias`, `2.weight`, ...) taking
 * 784 pixels to 10 logits. Throws a sentence saying what does not fit.
 */
export function specFromStateDict(shapes: Record<string, readonly number[]>): ModelSpec {
  const names = Object.keys(shapes)
  const layers = Math.max(1, Math.ceil(names.length / 2))
  const expected = Array.from({ length: layers }, (_, i) => [
    `${2 * i}.weight`,
    `${2 * i}.bias`,
  ]).flat()
  if (names.length !== expected.length || !expected.every((k) => k in shapes)) {
    throw new Error(
      `expected an MLP's state dict (nn.Sequential of Linear and ReLU: ${expected.slice(0, 4).join(', ')}, ...), got ${names.length === 0 ? 'no tensors' : names.join(', ')}`,
    )
  }
  const hidden: number[] = []
  let inputs = 784
  for (let i = 0; i < layers; i++) {
    const weight = shapes[`${2 * i}.weight`]
    const bias = shapes[`${2 * i}.bias`]
    if (weight.length !== 2 || weight[1] !== inputs) {
      throw new Error(
        `'${2 * i}.weight' has shape [${weight.join(', ')}]; this layer takes ${inputs} inputs, so [out, ${inputs}] was expected`,
      )
    }
    if (bias.length !== 1 || bias[0] !== weight[0]) {
      throw new Error(`'${2 * i}.bias' has shape [${bias.join(', ')}]; [${weight[0]}] was expected`)
    }
    inputs = weight[0]
    if (i < layers - 1) hidden.push(inputs)
  }
  if (inputs !== 10) throw new Error(`the last layer gives ${inputs} outputs; MNIST has 10 classes`)
  if (hidden.length === 0) throw new Error('a single Linear layer is not an MLP with hidden layers')
  return { kind: 'mlp', hidden }
}
