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
