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
  'hidden' | 'optimizer' | 'schedule' | 'lr' | 'batchSize' | 'seed' | 'epochs'
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
  const epoch = Number(metadata.epoch)
  const config = JSON.parse(metadata.config) as RunConfig
  const optimizerState = JSON.parse(metadata.optimizer) as unknown
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
