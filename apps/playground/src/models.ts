import type { Tensor } from '@othergrad/core'
import {
  buildMlp,
  cnnInput,
  defaultLr,
  MnistCnn,
  type Classifier,
  type OptimizerName,
} from '@othergrad/mnist-app'

/**
 * A model the playground can train: a multilayer perceptron on flattened 28x28 digits, or
 * PyTorch's examples/mnist CNN (`pnpm mnist --model cnn`) on normalised `[N, 1, 28, 28]` images.
 * Another architecture is one more member of this union, a case in each function below, and a
 * preset.
 */
export type ModelSpec = { kind: 'mlp'; hidden: number[] } | { kind: 'cnn' }

/** The models offered in the page, the command-line trainer's default first. */
export const MODEL_PRESETS: readonly { id: string; spec: ModelSpec }[] = [
  { id: 'mlp-512-256', spec: { kind: 'mlp', hidden: [512, 256] } },
  { id: 'mlp-128', spec: { kind: 'mlp', hidden: [128] } },
  { id: 'mlp-32', spec: { kind: 'mlp', hidden: [32] } },
  { id: 'cnn', spec: { kind: 'cnn' } },
]

/** Builds the model on the active backend, initialised from core's seeded generator. */
export function buildModel(spec: ModelSpec): Classifier {
  switch (spec.kind) {
    case 'mlp':
      return buildMlp(spec.hidden)
    case 'cnn':
      return new MnistCnn()
  }
}

/** How a batch of `[n, 784]` pixels in [0, 1] enters the model. */
export function modelInput(spec: ModelSpec, pixels: Tensor): Tensor {
  switch (spec.kind) {
    case 'mlp':
      return pixels
    case 'cnn':
      // Normalised with MNIST's mean and std and shaped [n, 1, 28, 28], as `pnpm mnist` does.
      return cnnInput(pixels)
  }
}

/** "MLP 784-512-256-10", "CNN (PyTorch examples/mnist)". */
export function describeModel(spec: ModelSpec): string {
  switch (spec.kind) {
    case 'mlp':
      return `MLP 784-${spec.hidden.map(String).join('-')}-10`
    case 'cnn':
      return 'CNN (PyTorch examples/mnist)'
  }
}

/** The short name in a checkpoint's file name: "512-256" for an MLP, "cnn". */
export function modelTag(spec: ModelSpec): string {
  return spec.kind === 'mlp' ? spec.hidden.join('-') : 'cnn'
}

/**
 * The optimizer, learning rate and batch size a model starts with: an MLP as `pnpm mnist` trains
 * it, SGD (Nesterov) at 0.05 in batches of 128; the CNN with PyTorch's example's Adadelta at 1.0 in
 * batches of 64, which needs no schedule (`pnpm mnist --model cnn` uses Adam with a cosine
 * schedule over its 5 epochs; the page trains at a constant rate until paused).
 */
export function modelDefaults(spec: ModelSpec): {
  optimizer: OptimizerName
  lr: number
  batchSize: number
} {
  const optimizer: OptimizerName = spec.kind === 'cnn' ? 'adadelta' : 'sgd'
  return { optimizer, lr: defaultLr(optimizer), batchSize: spec.kind === 'cnn' ? 64 : 128 }
}

/** Test images per evaluation batch: the CNN's activations are about 80 KB an image. */
export function evalBatch(spec: ModelSpec): number {
  return spec.kind === 'cnn' ? 250 : 1000
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

/** The CNN's state dict: PyTorch's examples/mnist `Net` names and shapes. */
const CNN_SHAPES: Record<string, readonly number[]> = {
  'conv1.weight': [32, 1, 3, 3],
  'conv1.bias': [32],
  'conv2.weight': [64, 32, 3, 3],
  'conv2.bias': [64],
  'fc1.weight': [128, 9216],
  'fc1.bias': [128],
  'fc2.weight': [10, 128],
  'fc2.bias': [10],
}

/**
 * The model a bare state dict holds, from its names and shapes: an MLP saved by PyTorch
 * (`nn.Sequential(Linear, ReLU, ..., Linear)`: `0.weight`, `0.bias`, `2.weight`, ...) taking
 * 784 pixels to 10 logits, or PyTorch's examples/mnist CNN (`conv1.weight`, ..., `fc2.bias`).
 * Throws a sentence saying what does not fit.
 */
export function specFromStateDict(shapes: Record<string, readonly number[]>): ModelSpec {
  const names = Object.keys(shapes)
  if (names.some((k) => k in CNN_SHAPES)) return cnnFromStateDict(shapes)
  const layers = Math.max(1, Math.ceil(names.length / 2))
  const expected = Array.from({ length: layers }, (_, i) => [
    `${2 * i}.weight`,
    `${2 * i}.bias`,
  ]).flat()
  if (names.length !== expected.length || !expected.every((k) => k in shapes)) {
    throw new Error(
      `expected an MLP's state dict (nn.Sequential of Linear and ReLU: ${expected.slice(0, 4).join(', ')}, ...) or the CNN's (conv1.weight, conv1.bias, ..., fc2.bias), got ${names.length === 0 ? 'no tensors' : names.join(', ')}`,
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

/** PyTorch's examples/mnist CNN, or an error naming the tensors that are missing, extra or misshapen. */
function cnnFromStateDict(shapes: Record<string, readonly number[]>): ModelSpec {
  const expected = Object.keys(CNN_SHAPES)
  const missing = expected.filter((k) => !(k in shapes))
  const extra = Object.keys(shapes).filter((k) => !(k in CNN_SHAPES))
  if (missing.length > 0 || extra.length > 0) {
    const parts = [
      missing.length > 0 && `missing ${missing.join(', ')}`,
      extra.length > 0 && `unexpected ${extra.join(', ')}`,
    ].filter(Boolean)
    throw new Error(
      `expected the state dict of PyTorch's examples/mnist CNN (${expected.join(', ')}): ${parts.join('; ')}`,
    )
  }
  for (const [name, shape] of Object.entries(CNN_SHAPES)) {
    const got = shapes[name]
    if (got.length !== shape.length || got.some((d, i) => d !== shape[i])) {
      throw new Error(
        `'${name}' has shape [${got.join(', ')}]; PyTorch's examples/mnist CNN has [${shape.join(', ')}]`,
      )
    }
  }
  return { kind: 'cnn' }
}
