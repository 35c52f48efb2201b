/**
 * The training worker's logic, apart from the worker global so tests drive it in Node: it
 * answers the page's messages (protocol.ts) and runs the training loop.
 *
 * Every operation on the model (a step, an evaluation, a prediction, a save, a load, a backend
 * move) runs through one queue, so none of them sees another half done. The loop queues one
 * step at a time and yields to the worker's message queue between steps: a pause, a prediction
 * or a backend switch is answered after the step in flight.
 */
import { manualSeed, noGrad, softmax, tensor } from '@othergrad/core'
import { epochPermutation } from '@othergrad/data'
import {
  checkpointContents,
  evaluate,
  makeOptimizer,
  trainStep,
  type Classifier,
  type MnistSplit,
  type RunConfig,
} from '@othergrad/mnist-app'
import { saveSafetensors } from '@othergrad/nn'
import { buildModel, evalBatch, modelInput, modelTag, type ModelSpec } from '../models'
import {
  MAX_MISTAKES,
  type BackendChoice,
  type ErrorScope,
  type FromWorker,
  type Mistake,
  type RunStatus,
  type StepPoint,
  type ToWorker,
  type TrainSettings,
} from '../protocol'
import type { ActiveBackend } from './backends'
import { evaluationDue } from './evalSchedule'
import { batchTensors, imageBytes, splitTensors, type MnistData } from './mnistData'
import { loadRun } from './loadRun'
import { checkSettings } from './settings'

type Optimizer = ReturnType<typeof makeOptimizer>

/** What the trainer needs from its surroundings (the worker's, or a test's). */
export interface TrainerHost {
  post(message: FromWorker, transfer?: Transferable[]): void
  loadData(message: Extract<ToWorker, { type: 'init' }>): Promise<MnistData>
  probe(): Promise<Extract<FromWorker, { type: 'ready' }>['capabilities']>
  activate(choice: BackendChoice): Promise<ActiveBackend>
  /** Lets queued messages run (a macrotask). */
  yieldToEvents(): Promise<void>
  now(): number
}

/** How often progress is posted (ms). */
const PROGRESS_MS = 150
/** Samples/s is measured over about this window (ms). */
const RATE_WINDOW_MS = 3000

interface Run {
  settings: TrainSettings
  model: Classifier
  optimizer: Optimizer
  step: number
  /** Epochs finished. */
  epochIndex: number
  /** Images of the current epoch done. */
  position: number
  order: Int32Array
  /** The step of the last evaluation, when it ended (host ms) and how long it took. */
  lastEval: number
  lastEvalEnd: number
  lastEvalMs: number
}

export class Trainer {
  private data?: MnistData
  /** The test images as the model takes them, on the backend they were made on. */
  private testSplit?: { backend: string; model: ModelSpec['kind']; split: MnistSplit }
  private backend?: ActiveBackend
  private run?: Run
  private status: RunStatus = 'idle'
  private pendingSwitch?: BackendChoice
  private looping?: Promise<void>
  private queue: Promise<unknown> = Promise.resolve()
  private points: StepPoint[] = []
  private lastPost = 0
  private rate: { time: number; samples: number }[] = []

  constructor(private readonly host: TrainerHost) {}

  /** Handles one message; resolves once it is answered (not when a started run ends). */
  async handle(message: ToWorker): Promise<void> {
    switch (message.type) {
      case 'init':
        return this.init(message)
      case 'start':
        return this.guard('train', () => this.start(message.settings, message.backend))
      case 'pause':
        return this.pause()
      case 'resume':
        return this.guard('train', () => this.resume(message))
      case 'switchBackend':
        return this.switchBackend(message.backend)
      case 'predict':
        return this.guard('predict', () => this.predict(message.id, message.pixels))
      case 'predictTest':
        return this.guard('predict', () => this.predictTest(message.id, message.index))
      case 'save':
        return this.guard('save', () => this.save())
      case 'load':
        return this.guard('load', () => this.load(message.name, message.bytes, message.backend))
    }
  }

  /** Resolves when the training loop has stopped (paused, finished or failed). */
  async settled(): Promise<void> {
    await this.looping
    await this.queue
  }

  // ---- messages ------------------------------------------------------------------------------

  private async init(message: Extract<ToWorker, { type: 'init' }>): Promise<void> {
    const [capabilities, data] = await Promise.all([
      this.host.probe(),
      this.host.loadData(message).catch((e: Error) => {
        this.fail('data', e)
        return undefined
      }),
    ])
    if (!data) return
    this.data = data
    this.host.post({
      type: 'ready',
      capabilities,
      trainImages: data.train.count,
      testImages: data.test.count,
    })
  }

  private start(settings: TrainSettings, choice: BackendChoice): Promise<void> {
    checkSettings(settings)
    return this.exclusive(async () => {
      const data = this.requireData()
      await this.useBackend(choice)
      manualSeed(settings.seed)
      const model = buildModel(settings.model)
      this.run = {
        settings: { ...settings },
        model,
        optimizer: makeOptimizer(settings, model.parameters()),
        step: 0,
        epochIndex: 0,
        position: 0,
        order: epochPermutation(data.train.count, settings.seed, 0),
        lastEval: 0,
        lastEvalEnd: this.host.now(),
        lastEvalMs: 0,
      }
      this.rate = []
      this.setStatus('training')
      this.startLoop()
    })
  }

  private async pause(): Promise<void> {
    if (this.status !== 'training') return
    this.setStatus('paused')
    await this.looping
    await this.guard('train', () => this.exclusive(() => this.evaluateRun()))
  }

  private async resume(changes: {
    lr?: number
    batchSize?: number
    epochs?: number
  }): Promise<void> {
    const run = this.run
    if (!run) throw new Error('resume: there is no run to resume; start one or load a checkpoint')
    if (this.status === 'training') return
    const settings = { ...run.settings, ...definedOnly(changes) }
    checkSettings(settings)
    run.settings = settings
    for (const group of run.optimizer.paramGroups) group.lr = settings.lr
    // A run already at its last epoch goes on for one more.
    if (this.epochs(run) >= settings.epochs) settings.epochs = Math.floor(this.epochs(run)) + 1
    this.rate = []
    this.setStatus('training')
    this.startLoop()
  }

  private async switchBackend(choice: BackendChoice): Promise<void> {
    if (this.status === 'training') {
      // The loop moves the run between two steps.
      this.pendingSwitch = choice
      return
    }
    await this.guard('backend', () => this.exclusive(() => this.moveTo(choice)))
  }

  private predict(id: number, pixels: Float32Array): Promise<void> {
    return this.exclusive(async () => {
      const probabilities = await this.probabilities(pixels)
      this.host.post({ type: 'prediction', id, probabilities })
    })
  }

  private predictTest(id: number, index: number): Promise<void> {
    return this.exclusive(async () => {
      const { test } = this.requireData()
      if (!Number.isInteger(index) || index < 0 || index >= test.count)
        throw new Error(`predict: test image ${index} is out of range (0..${test.count - 1})`)
      const pixels = imageBytes(test, index)
      const probabilities = await this.probabilities(Float32Array.from(pixels, (v) => v / 255))
      this.host.post({
        type: 'prediction',
        id,
        probabilities,
        test: { index, label: test.labels[index], pixels },
      })
    })
  }

  private save(): Promise<void> {
    return this.exclusive(async () => {
      const run = this.requireRun('save')
      const { settings } = run
      // The command-line trainer's settings, so `pnpm mnist --resume` continues this run.
      const { model } = settings
      const config: RunConfig = {
        model: model.kind,
        // The CNN has no hidden widths; the command line's default stands in, as it saves one.
        hidden: model.kind === 'mlp' ? model.hidden : [512, 256],
        optimizer: settings.optimizer,
        schedule: 'constant',
        lr: settings.lr,
        batchSize: settings.batchSize,
        seed: settings.seed,
        epochs: settings.epochs,
      }
      const { tensors, metadata } = checkpointContents({
        config,
        epoch: run.epochIndex,
        model: run.model,
        optimizer: run.optimizer,
      })
      const bytes = await saveSafetensors(tensors, metadata)
      const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)
      const name = `othergrad-mnist-${modelTag(model)}-step${run.step}.safetensors`
      this.host.post({ type: 'checkpoint', name, bytes: buffer as ArrayBuffer }, [
        buffer as ArrayBuffer,
      ])
    })
  }

  private async load(name: string, bytes: ArrayBuffer, choice: BackendChoice): Promise<void> {
    if (this.status === 'training') {
      this.setStatus('paused')
      await this.looping
    }
    await this.exclusive(async () => {
      const data = this.requireData()
      if (!this.backend) await this.useBackend(choice)
      // The file is read onto the active backend, where the model is built.
      const { settings, epoch, model, optimizer, description } = loadRun(
        new Uint8Array(bytes),
        name,
      )
      this.run = {
        settings,
        model,
        optimizer,
        step: epoch * Math.ceil(data.train.count / settings.batchSize),
        epochIndex: epoch,
        position: 0,
        order: epochPermutation(data.train.count, settings.seed, epoch),
        lastEval: 0,
        lastEvalEnd: this.host.now(),
        lastEvalMs: 0,
      }
      this.host.post({
        type: 'loaded',
        name,
        description,
        settings,
      })
      this.setStatus('paused')
      await this.evaluateRun()
    })
  }

  // ---- the loop ------------------------------------------------------------------------------

  private startLoop(): void {
    if (this.looping) return
    this.looping = this.loop().finally(() => {
      this.looping = undefined
    })
  }

  private async loop(): Promise<void> {
    while (this.status === 'training') {
      try {
        await this.exclusive(async () => {
          if (this.status !== 'training') return
          if (this.pendingSwitch) {
            const choice = this.pendingSwitch
            this.pendingSwitch = undefined
            await this.moveTo(choice)
          }
          await this.step()
        })
      } catch (e) {
        this.flushProgress()
        this.setStatus('paused')
        this.fail('train', e as Error)
        return
      }
      await this.host.yieldToEvents()
    }
    this.flushProgress()
  }

  private async step(): Promise<void> {
    const run = this.requireRun('train')
    const { train } = this.requireData()
    const size = Math.min(run.settings.batchSize, train.count - run.position)
    const [x, y] = batchTensors(train, run.order, run.position, size)
    run.model.train()
    const input = modelInput(run.settings.model, x)
    const loss = trainStep(run.model, run.optimizer, input, y)
    const value = await loss.item()
    if (input !== x) input.dispose()
    x.dispose()
    y.dispose()
    loss.dispose()
    if (!Number.isFinite(value)) {
      throw new Error(
        `train: the loss is ${value} at step ${run.step + 1}; the learning rate ${run.settings.lr} is too high for ${run.settings.optimizer}, start again with a lower one`,
      )
    }
    run.position += size
    run.step++
    this.points.push({ step: run.step, loss: value, backend: this.backend!.name })
    this.countSamples(size)
    const epochEnd = run.position >= train.count
    if (epochEnd) {
      run.epochIndex++
      run.position = 0
      run.order = epochPermutation(train.count, run.settings.seed, run.epochIndex)
    }
    const finished = this.epochs(run) >= run.settings.epochs
    const since = {
      steps: run.step - run.lastEval,
      ms: this.host.now() - run.lastEvalEnd,
      lastEvalMs: run.lastEvalMs,
    }
    if (finished || epochEnd || evaluationDue(since)) await this.evaluateRun()
    if (finished) {
      this.flushProgress()
      this.setStatus('finished')
    } else if (this.host.now() - this.lastPost >= PROGRESS_MS) {
      this.flushProgress()
    }
  }

  /** Evaluates on the test images and posts accuracy and the mistakes (inside the queue). */
  private async evaluateRun(): Promise<void> {
    const run = this.run
    if (!run || !this.backend) return
    this.flushProgress()
    const { test } = this.requireData()
    const spec = run.settings.model
    if (this.testSplit?.backend !== this.backend.name || this.testSplit.model !== spec.kind) {
      const { images, labels } = splitTensors(test)
      const split = { images: modelInput(spec, images), labels }
      if (split.images !== images) images.dispose()
      this.testSplit = { backend: this.backend.name, model: spec.kind, split }
    }
    const started = this.host.now()
    const result = await evaluate(run.model, this.testSplit.split, evalBatch(spec), {
      predictions: true,
    })
    run.lastEval = run.step
    run.lastEvalEnd = this.host.now()
    run.lastEvalMs = run.lastEvalEnd - started
    const mistakes: Mistake[] = []
    const predictions = result.predictions!
    for (let i = 0; i < test.count && mistakes.length < MAX_MISTAKES; i++) {
      if (predictions[i] !== test.labels[i]) {
        mistakes.push({
          index: i,
          label: test.labels[i],
          predicted: predictions[i],
          pixels: imageBytes(test, i),
        })
      }
    }
    this.host.post({
      type: 'evaluated',
      step: run.step,
      epoch: this.epochs(run),
      accuracy: result.accuracy,
      loss: result.loss,
      mistakes,
    })
  }

  // ---- helpers -------------------------------------------------------------------------------

  private async useBackend(choice: BackendChoice): Promise<void> {
    this.setActive(await this.host.activate(choice))
  }

  private setActive(backend: ActiveBackend): void {
    this.backend = backend
    const { choice, name, threads, note } = backend
    this.host.post({ type: 'backend', backend: choice, name, threads, ...(note && { note }) })
  }

  /**
   * Moves the run (if any) to `choice`'s backend and makes it the active one. If the move fails,
   * the run stays where it was, on the backend it was on.
   */
  private async moveTo(choice: BackendChoice): Promise<void> {
    const previous = this.backend
    const next = await this.host.activate(choice)
    const run = this.run
    if (run && previous && previous.name !== next.name) {
      try {
        // In place: the optimizer's state (momentum, moments) moves with each parameter.
        await run.model.to(next.name)
      } catch (e) {
        await this.host.activate(previous.choice)
        throw e
      }
      this.testSplit = undefined
      this.rate = []
    }
    this.setActive(next)
  }

  private async probabilities(pixels: Float32Array): Promise<number[]> {
    const run = this.requireRun('predict')
    if (pixels.length !== 784)
      throw new Error(`predict: expected 784 pixels (28x28), got ${pixels.length}`)
    run.model.eval()
    const probs = noGrad(() => {
      const x = tensor(pixels, { shape: [1, 784] })
      return softmax(run.model.forward(modelInput(run.settings.model, x)), 1)
    })
    return Array.from(await probs.data())
  }

  private epochs(run: Run): number {
    return run.epochIndex + run.position / this.requireData().train.count
  }

  private countSamples(n: number): void {
    const now = this.host.now()
    const last = this.rate[this.rate.length - 1]
    this.rate.push({ time: now, samples: (last?.samples ?? 0) + n })
    while (this.rate.length > 2 && now - this.rate[0].time > RATE_WINDOW_MS) this.rate.shift()
  }

  private flushProgress(): void {
    const run = this.run
    if (!run || this.points.length === 0) return
    const first = this.rate[0]
    const last = this.rate[this.rate.length - 1]
    const seconds = first && last ? (last.time - first.time) / 1000 : 0
    const samplesPerSecond = seconds > 0 ? (last.samples - first.samples) / seconds : 0
    const remaining = (run.settings.epochs - this.epochs(run)) * this.requireData().train.count
    this.host.post({
      type: 'progress',
      points: this.points,
      epoch: this.epochs(run),
      samplesPerSecond,
      etaSeconds: samplesPerSecond > 0 ? Math.max(0, remaining) / samplesPerSecond : Infinity,
    })
    this.points = []
    this.lastPost = this.host.now()
  }

  private setStatus(status: RunStatus): void {
    this.status = status
    const run = this.run
    this.host.post({
      type: 'status',
      status,
      ...(run && { settings: { ...run.settings } }),
      step: run?.step ?? 0,
      epoch: run ? this.epochs(run) : 0,
    })
  }

  private requireData(): MnistData {
    if (!this.data) throw new Error('the MNIST digits are not loaded yet')
    return this.data
  }

  private requireRun(what: string): Run {
    if (!this.run)
      throw new Error(`${what}: there is no model yet; start training or load a checkpoint`)
    return this.run
  }

  /** Runs `fn` after every operation queued before it. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.queue.then(fn)
    this.queue = result.catch(() => undefined)
    return result
  }

  /** Runs `fn`, posting its failure as an error of `scope` instead of rejecting. */
  private async guard(scope: ErrorScope, fn: () => Promise<void>): Promise<void> {
    try {
      await fn()
    } catch (e) {
      this.fail(scope, e as Error)
    }
  }

  private fail(scope: ErrorScope, error: Error): void {
    this.host.post({ type: 'error', scope, message: error.message ?? String(error) })
  }
}

/** `changes` without its undefined entries. */
function definedOnly<T extends object>(changes: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(changes).filter(([, v]) => v !== undefined),
  ) as Partial<T>
}

/** A macrotask turn through a MessageChannel (setTimeout clamps nested calls to 4 ms). */
export function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel()
    channel.port1.onmessage = () => {
      channel.port1.close()
      resolve()
    }
    channel.port2.postMessage(null)
  })
}
