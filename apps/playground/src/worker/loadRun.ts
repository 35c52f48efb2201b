/**
 * A model from an uploaded file: a checkpoint of the command-line trainer's format (from the
 * playground or `pnpm mnist --save`, MLP or CNN, optimizer state included), or the bare state
 * dict of an MLP or of PyTorch's examples/mnist CNN (PyTorch's `save_file(model.state_dict(),
 * ...)`), which starts a fresh optimizer: the model's default one.
 */
import {
  CHECKPOINT_FORMAT,
  defaultLr,
  epochLr,
  makeOptimizer,
  parseCheckpoint,
  type Classifier,
} from '@othergrad/mnist-app'
import { loadSafetensors, readSafetensorsHeader } from '@othergrad/nn'
import type { Tensor } from '@othergrad/core'
import {
  buildModel,
  describeModel,
  modelDefaults,
  specFromStateDict,
  type ModelSpec,
} from '../models'
import type { TrainSettings } from '../protocol'

export interface LoadedRun {
  settings: TrainSettings
  /** Epochs finished. */
  epoch: number
  model: Classifier
  optimizer: ReturnType<typeof makeOptimizer>
  /** "MLP 784-128-10, sgd, 2 epochs trained". */
  description: string
}

/** Reads `bytes` (named `name` in errors) onto the active backend. */
export function loadRun(bytes: Uint8Array, name: string): LoadedRun {
  let format: string | undefined
  try {
    format = readSafetensorsHeader(bytes).metadata?.format
  } catch (e) {
    throw new Error(`checkpoint: ${name}: ${(e as Error).message}`)
  }
  return format === CHECKPOINT_FORMAT ? fromCheckpoint(bytes, name) : fromStateDict(bytes, name)
}

function fromCheckpoint(bytes: Uint8Array, name: string): LoadedRun {
  const checkpoint = parseCheckpoint(bytes, name)
  const { config, epoch } = checkpoint
  const spec: ModelSpec =
    config.model === 'cnn' ? { kind: 'cnn' } : { kind: 'mlp', hidden: config.hidden }
  // The playground trains at a constant rate: a scheduled run (pnpm mnist's cosine, or the
  // CNN's step) goes on at the rate its schedule gives the next epoch (the last one's, when
  // cosine has run its course and would give 0).
  const baseLr = config.lr ?? defaultLr(config.optimizer)
  const next = config.schedule === 'cosine' ? Math.min(epoch + 1, config.epochs) : epoch + 1
  const lr = epochLr(config.schedule, baseLr, next, config.epochs)
  const settings: TrainSettings = {
    model: spec,
    optimizer: config.optimizer,
    lr,
    batchSize: config.batchSize,
    epochs: Math.max(config.epochs, epoch + 1),
    seed: config.seed,
  }
  const model = buildModel(settings.model)
  const optimizer = makeOptimizer(settings, model.parameters())
  checkpoint.restore(model, optimizer)
  // The saved groups hold the last epoch's rate; the run goes on at `lr`.
  for (const group of optimizer.paramGroups) group.lr = lr
  const epochs = `${epoch} epoch${epoch === 1 ? '' : 's'} trained`
  const schedule =
    config.schedule === 'constant'
      ? ''
      : `; its ${config.schedule} schedule's learning rate for epoch ${next}, ${Number(lr.toPrecision(4))}, from here on`
  return {
    settings,
    epoch,
    model,
    optimizer,
    description: `${describeModel(settings.model)}, ${settings.optimizer}, ${epochs}${schedule}`,
  }
}

function fromStateDict(bytes: Uint8Array, name: string): LoadedRun {
  const bad = (what: string): never => {
    throw new Error(`checkpoint: ${name}: ${what}`)
  }
  let tensors: Record<string, Tensor> = {}
  try {
    tensors = loadSafetensors(bytes)
  } catch (e) {
    bad((e as Error).message)
  }
  // A whole checkpoint's `model.` part, or a module's own state dict.
  const keys = Object.keys(tensors)
  const prefixed = keys.length > 0 && keys.every((k) => k.startsWith('model.'))
  const state = Object.fromEntries(
    keys.map((k) => [prefixed ? k.slice('model.'.length) : k, tensors[k]]),
  )
  let model: Classifier
  let settings: TrainSettings
  try {
    const spec = specFromStateDict(
      Object.fromEntries(Object.entries(state).map(([k, t]) => [k, t.shape])),
    )
    settings = { model: spec, ...modelDefaults(spec), epochs: 1, seed: 0 }
    model = buildModel(spec)
    model.loadStateDict(state)
  } catch (e) {
    return bad(
      `neither an othergrad MNIST checkpoint nor a model's weights: ${(e as Error).message}`,
    )
  }
  return {
    settings,
    epoch: 0,
    model,
    optimizer: makeOptimizer(settings, model.parameters()),
    description: `${describeModel(settings.model)} weights (no optimizer state: training goes on with a new ${OPTIMIZER_NAMES[settings.optimizer]})`,
  }
}

const OPTIMIZER_NAMES: Record<TrainSettings['optimizer'], string> = {
  sgd: 'SGD',
  adam: 'Adam',
  adamw: 'AdamW',
  adadelta: 'Adadelta',
}
