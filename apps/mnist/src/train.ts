import { crossEntropy, noGrad, type Tensor } from '@othergrad/core'
import type { DataLoader } from '@othergrad/data'
import type { Module } from '@othergrad/nn'
import type { MnistSplit } from './mnistData'

/** What `step()` and `zeroGrad()` need of an optimizer. */
export interface StepOptimizer {
  zeroGrad(): void
  step(): void
}

export interface Classifier extends Module {
  forward(x: Tensor): Tensor
}

export interface EpochResult {
  trainLoss: number
  samples: number
  seconds: number
}

/**
 * One training step on a batch: forward, cross-entropy, backward, optimizer step. Returns the
 * loss (read it to wait for the step to finish).
 */
export function trainStep(
  model: Classifier,
  optimizer: StepOptimizer,
  x: Tensor,
  y: Tensor,
): Tensor {
  const loss = crossEntropy(model.forward(x), y)
  optimizer.zeroGrad()
  loss.backward()
  optimizer.step()
  return loss
}

/**
 * One epoch over `loader`: forward, cross-entropy, backward, step. `onBatch` sees progress after
 * every step (the loss is read each step, so every step has really finished).
 */
export async function trainEpoch(
  model: Classifier,
  optimizer: StepOptimizer,
  loader: DataLoader,
  onBatch: (done: number, samplesPerSecond: number, runningLoss: number) => void,
): Promise<EpochResult> {
  model.train()
  const start = performance.now()
  let samples = 0
  let lossSum = 0
  let running = 0
  for (const [x, y] of loader) {
    const value = await trainStep(model, optimizer, x, y).item()
    const n = x.shape[0]
    samples += n
    lossSum += value * n
    running = samples === n ? value : 0.98 * running + 0.02 * value
    onBatch(samples, samples / ((performance.now() - start) / 1000), running)
  }
  return {
    trainLoss: lossSum / Math.max(samples, 1),
    samples,
    seconds: (performance.now() - start) / 1000,
  }
}

export interface EvalResult {
  loss: number
  accuracy: number
  /** Each image's predicted class, when asked for with `{ predictions: true }`. */
  predictions?: Int32Array
}

/** Mean cross-entropy and accuracy over a split, without recording the graph. */
export async function evaluate(
  model: Classifier,
  split: MnistSplit,
  batchSize = 1000,
  options: { predictions?: boolean } = {},
): Promise<EvalResult> {
  model.eval()
  const n = split.images.shape[0]
  const predictions = options.predictions ? new Int32Array(n) : undefined
  let lossSum = 0
  let correct = 0
  for (let start = 0; start < n; start += batchSize) {
    const size = Math.min(batchSize, n - start)
    const [loss, hits, predicted] = noGrad(() => {
      const logits = model.forward(split.images.narrow(0, start, size))
      const labels = split.labels.narrow(0, start, size)
      const classes = logits.argmax(1)
      return [crossEntropy(logits, labels, { reduction: 'sum' }), classes.eq(labels).sum(), classes]
    })
    lossSum += await loss.item()
    correct += await hits.item()
    if (predictions) predictions.set(await predicted.data(), start)
  }
  return { loss: lossSum / n, accuracy: correct / n, ...(predictions && { predictions }) }
}
