/**
 * The MNIST checkpoint format: one safetensors file holding the model's state dict (`model.`
 * names, as PyTorch's `state_dict()` names them), the optimizer's tensors (`optimizer.`) and, in
 * its metadata, the run settings and the optimizer's other state. Bytes in, bytes out, so the
 * command line (checkpointFile.ts) and the browser playground write and read the same files.
 */
import { Tensor } from '@othergrad/core'
import { loadSafetensors, readSafetensorsHeader, type Module } from '@othergrad/nn'
import type { TrainArgs } from './args'

/** The run settings a checkpoint carries, so `--resume` rebuilds the same model and optimizer. */
export type RunConfig = Pick<
  TrainArgs,
  'model' | 'hidden' | 'optimizer' | 'schedule' | 'lr' | 'batchSize' | 'seed' | 'epochs'
>

export interface Stateful {
  stateDict(): unknown
  loadStateDict(state: never): unknown
}

/** The `format` metadata value that marks a file as an MNIST checkpoint. */
export const CHECKPOINT_FORMAT = 'othergrad-mnist-checkpoint/1'

/**
 * Splits a JSON-like value into its tensors (named by path under `prefix`) and a JSON skeleton
 * that points at them, so any optimizer state fits one safetensors file.
 */
function flatten(value: unknown, path: string, tensors: Record<string, Tensor>): unknown {
  if (value instanceof Tensor) {
    tensors[path] = value
    return { $tensor: path }
  }
  if (Array.isArray(value)) return value.map((v, i) => flatten(v, `${path}.${i}`, tensors))
  if (value instanceof Map)
    return {
      $map: [...value.entries()].map(([k, v], i) => [k, flatten(v, `${path}.${i}`, tensors)]),
    }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, flatten(v, `${path}.${k}`, tensors)]),
    )
  }
  return value
}

function unflatten(value: unknown, tensors: Record<string, Tensor>, path: string): unknown {
  if (Array.isArray(value)) return value.map((v) => unflatten(v, tensors, path))
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>
    if (typeof record.$tensor === 'string') {
      const t = tensors[record.$tensor]
      if (!t)
        throw new Error(
          `checkpoint: ${path}: optimizer state names tensor '${record.$tensor}', which the file does not contain`,
        )
      return t
    }
    if (Array.isArray(record.$map)) {
      return new Map(
        (record.$map as [unknown, unknown][]).map(([k, v]) => [k, unflatten(v, tensors, path)]),
      )
    }
    return Object.fromEntries(
      Object.entries(record).map(([k, v]) => [k, unflatten(v, tensors, path)]),
    )
  }
  return value
}

/** What a checkpoint holds: the run's settings, its last finished epoch, model and optimizer. */
export interface CheckpointRun {
  config: RunConfig
  epoch: number
  model: Module
  optimizer: Stateful
}

/** The tensors and metadata of a checkpoint, for `saveSafetensors` or `saveFile`. */
export function checkpointContents(run: CheckpointRun): {
  tensors: Record<string, Tensor>
  metadata: Record<string, string>
} {
  const tensors: Record<string, Tensor> = {}
  for (const [name, t] of Object.entries(run.model.stateDict())) tensors[`model.${name}`] = t
  const optimizer = flatten(run.optimizer.stateDict(), 'optimizer', tensors)
  const config: RunConfig = {
    model: run.config.model,
    hidden: run.config.hidden,
    optimizer: run.config.optimizer,
    schedule: run.config.schedule,
    lr: run.config.lr,
    batchSize: run.config.batchSize,
    seed: run.config.seed,
    epochs: run.config.epochs,
  }
  return {
    tensors,
    metadata: {
      format: CHECKPOINT_FORMAT,
      epoch: String(run.epoch),
      config: JSON.stringify(config),
      optimizer: JSON.stringify(optimizer),
    },
  }
}

export interface LoadedCheckpoint {
  config: RunConfig
  epoch: number
  /** Loads the saved state into a model and optimizer built from `config`. */
  restore(model: Module, optimizer: Stateful): void
}

function bad(path: string, what: string): never {
  throw new Error(`checkpoint: ${path}: ${what}`)
}

/** The last finished epoch: a plain non-negative integer ("6.5", "-3" or "abc" are errors). */
function parseEpoch(path: string, text: string | undefined): number {
  if (text === undefined) bad(path, "the metadata has no 'epoch'")
  const epoch = Number(text)
  if (!/^(0|[1-9][0-9]*)$/.test(text) || !Number.isSafeInteger(epoch)) {
    bad(path, `metadata 'epoch' must be a non-negative integer, got '${text}'`)
  }
  return epoch
}

function parseJson(path: string, metadata: Record<string, string>, key: string): unknown {
  const text = metadata[key]
  if (text === undefined) bad(path, `the metadata has no '${key}'`)
  try {
    return JSON.parse(text)
  } catch (e) {
    bad(path, `metadata '${key}' is not valid JSON (${(e as Error).message})`)
  }
}

const CONFIG_KEYS = [
  'model',
  'hidden',
  'optimizer',
  'schedule',
  'lr',
  'batchSize',
  'seed',
  'epochs',
]

/** The run settings, each checked as the command line checks it. */
function checkConfig(path: string, raw: unknown): RunConfig {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    bad(path, `metadata 'config' must be an object, got ${JSON.stringify(raw)}`)
  }
  const config = raw as Record<string, unknown>
  for (const key of Object.keys(config)) {
    if (!CONFIG_KEYS.includes(key)) bad(path, `metadata 'config' has an unknown key '${key}'`)
  }
  const wrong = (key: string, expected: string): never =>
    bad(path, `config.${key} must be ${expected}, got ${JSON.stringify(config[key])}`)
  const isInt = (v: unknown, min: number) => Number.isSafeInteger(v) && (v as number) >= min
  // Checkpoints from before --model existed hold an MLP.
  config.model ??= 'mlp'
  const { model, hidden, optimizer, schedule, lr, batchSize, seed, epochs } = config
  if (model !== 'mlp' && model !== 'cnn') wrong('model', "'mlp' or 'cnn'")
  if (!Array.isArray(hidden) || hidden.length === 0 || !hidden.every((h) => isInt(h, 1)))
    wrong('hidden', 'a non-empty list of positive integers')
  if (!['sgd', 'adam', 'adamw', 'adadelta'].includes(optimizer as string))
    wrong('optimizer', "'sgd', 'adam', 'adamw' or 'adadelta'")
  if (!['cosine', 'constant', 'step'].includes(schedule as string))
    wrong('schedule', "'cosine', 'constant' or 'step'")
  if (lr !== undefined && !(typeof lr === 'number' && lr > 0 && Number.isFinite(lr)))
    wrong('lr', 'a positive number')
  if (!isInt(batchSize, 1)) wrong('batchSize', 'a positive integer')
  if (!isInt(seed, 0)) wrong('seed', 'a non-negative integer')
  if (!isInt(epochs, 1)) wrong('epochs', 'a positive integer')
  return config as unknown as RunConfig
}

/**
 * Decodes a checkpoint's bytes; a truncated or foreign file is a one-line error naming `path`
 * (a file name, or what the bytes came from).
 */
export function parseCheckpoint(bytes: Uint8Array, path: string): LoadedCheckpoint {
  let metadata: Record<string, string> | null
  let tensors: Record<string, Tensor>
  try {
    metadata = readSafetensorsHeader(bytes).metadata
    tensors = loadSafetensors(bytes)
  } catch (e) {
    throw new Error(`checkpoint: ${path}: ${(e as Error).message}`)
  }
  if (!metadata || metadata.format !== CHECKPOINT_FORMAT) {
    throw new Error(
      `checkpoint: ${path}: not an othergrad MNIST checkpoint (metadata format '${metadata?.format ?? 'none'}', expected '${CHECKPOINT_FORMAT}')`,
    )
  }
  const epoch = parseEpoch(path, metadata.epoch)
  const config = checkConfig(path, parseJson(path, metadata, 'config'))
  const optimizerState = parseJson(path, metadata, 'optimizer')
  return {
    config,
    epoch,
    restore(model, optimizer) {
      const modelState: Record<string, Tensor> = {}
      for (const [key, t] of Object.entries(tensors))
        if (key.startsWith('model.')) modelState[key.slice('model.'.length)] = t
      try {
        model.loadStateDict(modelState)
        optimizer.loadStateDict(unflatten(optimizerState, tensors, path) as never)
      } catch (e) {
        throw new Error(`checkpoint: ${path}: ${(e as Error).message}`)
      }
    },
  }
}
