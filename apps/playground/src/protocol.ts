/**
 * The messages between the page (main.ts) and the training worker (worker/trainer.ts). Every
 * request the page sends is answered by state the worker posts back; the worker never waits
 * for the page.
 */
import type { OptimizerName } from '@othergrad/mnist-app'
import type { ModelSpec } from './models'

/** A backend to train on: wasm with a thread count, or webgpu. */
export type BackendChoice = { kind: 'wasm'; threads: number } | { kind: 'webgpu' }

/** The hyperparameters of a run; `lr` and `batchSize` may change between steps. */
export interface TrainSettings {
  model: ModelSpec
  optimizer: OptimizerName
  lr: number
  batchSize: number
  /** Training stops after this many epochs over the training images. */
  epochs: number
  seed: number
}

/** What the browser offers, probed in the worker where training runs. */
export interface Capabilities {
  crossOriginIsolated: boolean
  /** Threads a wasm backend may use: 1 without isolation or nested workers. */
  maxThreads: number
  /** Why threads are limited to 1, when they are. */
  threadsNote?: string
  webgpu: { available: true } | { available: false; reason: string }
}

/** One training step's loss, on the backend that ran it. */
export interface StepPoint {
  step: number
  loss: number
  backend: string
}

/** Test images the model gets wrong that an evaluation reports at most (the first ones). */
export const MAX_MISTAKES = 48

/** A test image the model gets wrong. */
export interface Mistake {
  index: number
  label: number
  predicted: number
  /** 784 bytes, row-major. */
  pixels: Uint8Array
}

export type ToWorker =
  /** Loads the digits (`train`/`test` limit the images used) and probes the backends. */
  | { type: 'init'; dataUrl: string; trainLimit?: number; testLimit?: number }
  /** A new run from freshly initialised weights. */
  | { type: 'start'; settings: TrainSettings; backend: BackendChoice }
  | { type: 'pause' }
  /** Continues the current run, with a new `lr`, `batchSize` or `epochs` if given. */
  | { type: 'resume'; lr?: number; batchSize?: number; epochs?: number }
  /** Moves the model and optimizer state to another backend; training goes on there. */
  | { type: 'switchBackend'; backend: BackendChoice }
  /** Class probabilities for one image of 784 pixels in [0, 1]. */
  | { type: 'predict'; id: number; pixels: Float32Array }
  /** Class probabilities for test image `index`. */
  | { type: 'predictTest'; id: number; index: number }
  /** Asks for the model as a checkpoint file. */
  | { type: 'save' }
  /** A checkpoint file to continue from or evaluate, on `backend` when none is in use yet. */
  | { type: 'load'; name: string; bytes: ArrayBuffer; backend: BackendChoice }

export type RunStatus = 'idle' | 'training' | 'paused' | 'finished'

export type FromWorker =
  | {
      type: 'ready'
      capabilities: Capabilities
      trainImages: number
      testImages: number
    }
  /** The backend now in use (after start, a switch or a load), with the threads it really got. */
  | { type: 'backend'; backend: BackendChoice; name: string; threads: number; note?: string }
  | { type: 'status'; status: RunStatus; settings?: TrainSettings; step: number; epoch: number }
  | {
      type: 'progress'
      points: StepPoint[]
      /** Epochs done, fractional. */
      epoch: number
      samplesPerSecond: number
      /** Seconds until `epochs` are done at the current rate. */
      etaSeconds: number
    }
  | {
      type: 'evaluated'
      step: number
      epoch: number
      accuracy: number
      loss: number
      mistakes: Mistake[]
    }
  | {
      type: 'prediction'
      id: number
      probabilities: number[]
      /** For predictTest: the test image and its label. */
      test?: { index: number; label: number; pixels: Uint8Array }
    }
  | { type: 'checkpoint'; name: string; bytes: ArrayBuffer }
  | { type: 'loaded'; name: string; description: string; settings: TrainSettings }
  /** Something failed; `scope` says what the page should attach the message to. */
  | { type: 'error'; scope: ErrorScope; message: string }

export type ErrorScope = 'data' | 'backend' | 'train' | 'predict' | 'save' | 'load'
