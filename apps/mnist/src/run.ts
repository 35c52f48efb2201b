import { manualSeed, use } from '@othergrad/core'
import { DataLoader, TensorDataset } from '@othergrad/data'
import { convOps } from '@othergrad/op-conv'
import { HELP, parseTrainArgs } from './args'
import { selectBackend } from './backends'
import type { RunConfig } from './checkpoint'
import { loadCheckpoint, saveCheckpoint } from './checkpointFile'
import { bundledMnistDir, loadMnist, loadMnistTest } from './mnistData'
import { buildMlp, cnnInput, MnistCnn } from './model'
import { defaultLr, makeOptimizer } from './optimizer'
import { ProgressBar } from './progress'
import { epochLr } from './schedule'
import { evaluate, trainEpoch } from './train'

/** Where the trainer writes: lines for people, JSON records for machines, and the live bar. */
export interface Output {
  write(text: string): void
  progress?: NodeJS.WriteStream
}

/** Runs the trainer with command-line arguments; resolves when training (or evaluation) ends. */
export async function runMnist(
  argv: string[],
  out: Output = { write: (t) => process.stdout.write(t), progress: process.stderr },
): Promise<void> {
  const args = parseTrainArgs(argv)
  if (args.help) {
    out.write(HELP)
    return
  }
  const emit = (record: Record<string, unknown>) => {
    if (args.json) out.write(`${JSON.stringify(record)}\n`)
  }
  const say = (line: string) => {
    if (!args.json) out.write(`${line}\n`)
  }

  const {
    name: backend,
    threads,
    simd,
  } = await selectBackend(args.backend, args.threads, args.simd)
  // `wasm (2 threads, relaxed SIMD)`: how the kernels run, which decides the speed.
  const details = [
    ...(threads > 1 ? [`${threads} threads`] : []),
    ...(simd === undefined ? [] : [simd === 'relaxed' ? 'relaxed SIMD' : 'SIMD128']),
  ]
  const backendLabel = `${backend}${details.length > 0 ? ` (${details.join(', ')})` : ''}`
  const checkpoint = args.resume ? await loadCheckpoint(args.resume) : undefined
  const config = checkpoint
    ? { ...args, ...checkpoint.config, epochs: args.epochs, save: args.save, json: args.json }
    : args
  use(convOps())
  manualSeed(config.seed)
  const cnn = config.model === 'cnn'
  const model = cnn ? new MnistCnn() : buildMlp(config.hidden)
  const optimizer = makeOptimizer(config, model.parameters())
  let firstEpoch = 1
  if (checkpoint) {
    checkpoint.restore(model, optimizer)
    firstEpoch = checkpoint.epoch + 1
  }

  const dataDir = args.dataDir ?? bundledMnistDir()
  if (args.evalOnly) {
    // Evaluation reads the test split only: the training images are never loaded.
    const test = await loadMnistTest(dataDir)
    if (cnn) test.images = cnnInput(test.images)
    say(
      `othergrad MNIST · backend ${backendLabel} · ${describe(config)} · evaluating ${test.images.shape[0].toLocaleString('en-US')} test images`,
    )
    emit({
      event: 'start',
      backend,
      threads,
      ...(simd === undefined ? {} : { simd }),
      model: config.model,
      hidden: config.hidden,
      testSamples: test.images.shape[0],
    })
    const result = await evaluate(model, test, evalBatchOf(config))
    say(
      `test loss ${result.loss.toFixed(4)} · test accuracy ${(result.accuracy * 100).toFixed(2)}%`,
    )
    emit({ event: 'eval', testLoss: result.loss, testAccuracy: result.accuracy })
    return
  }
  const { train, test } = await loadMnist(dataDir, args.limit)
  if (cnn) {
    train.images = cnnInput(train.images)
    test.images = cnnInput(test.images)
  }
  const description = describe(config)
  const evalBatch = evalBatchOf(config)
  say(
    `othergrad MNIST · backend ${backendLabel} · ${description} · ${config.optimizer}` +
      ` · batch ${config.batchSize} · ${train.images.shape[0].toLocaleString('en-US')} training images`,
  )
  emit({
    event: 'start',
    backend,
    threads,
    ...(simd === undefined ? {} : { simd }),
    model: config.model,
    hidden: config.hidden,
    optimizer: config.optimizer,
    batchSize: config.batchSize,
    trainSamples: train.images.shape[0],
  })

  const loader = new DataLoader(new TensorDataset(train.images, train.labels), {
    batchSize: config.batchSize,
    shuffle: true,
    seed: config.seed,
  })
  loader.epoch = firstEpoch - 1
  if (firstEpoch > config.epochs)
    say(`checkpoint is already at epoch ${firstEpoch - 1} of ${config.epochs}; nothing to train`)
  const baseLr = config.lr ?? defaultLr(config.optimizer)
  for (let epoch = firstEpoch; epoch <= config.epochs; epoch++) {
    const lr = epochLr(config.schedule, baseLr, epoch, config.epochs)
    for (const group of optimizer.paramGroups) group.lr = lr
    const bar = new ProgressBar(
      `epoch ${String(epoch).padStart(2)}/${config.epochs}`,
      train.images.shape[0],
      args.json ? undefined : out.progress,
    )
    const result = await trainEpoch(model, optimizer, loader, (done, rate, loss) =>
      bar.update(done, rate, loss),
    )
    bar.clear()
    const evalResult = await evaluate(model, test, evalBatch)
    say(
      `epoch ${String(epoch).padStart(2)}/${config.epochs} · train loss ${result.trainLoss.toFixed(4)} · test loss ${evalResult.loss.toFixed(4)}` +
        ` · test accuracy ${(evalResult.accuracy * 100).toFixed(2)}% · lr ${lr.toPrecision(3)} · ${result.seconds.toFixed(1)} s (${Math.round(result.samples / result.seconds).toLocaleString('en-US')} samples/s)`,
    )
    emit({
      event: 'epoch',
      epoch,
      trainLoss: result.trainLoss,
      testLoss: evalResult.loss,
      testAccuracy: evalResult.accuracy,
      lr,
      seconds: result.seconds,
      samplesPerSecond: result.samples / result.seconds,
    })
    if (args.save) {
      await saveCheckpoint(args.save, { config, epoch, model, optimizer })
      say(`saved ${args.save}`)
    }
  }
}

function describe(config: RunConfig): string {
  return config.model === 'cnn'
    ? 'CNN (PyTorch examples/mnist)'
    : `MLP 784-${config.hidden.join('-')}-10`
}

/** The CNN's activations are ~80 KB an image: evaluate in smaller batches. */
function evalBatchOf(config: RunConfig): number {
  return config.model === 'cnn' ? 250 : 1000
}
