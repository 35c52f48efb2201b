/**
 * The training worker: othergrad runs here, off the page's thread, so the page stays
 * responsive while a step runs. backend-wasm starts its own worker threads from here.
 */
import type { FromWorker, ToWorker } from '../protocol'
import { activateBackend, probeCapabilities } from './backends'
import { fetchMnist } from './mnistData'
import { Trainer, yieldToEvents } from './trainer'

interface WorkerGlobal {
  postMessage(message: FromWorker, transfer?: Transferable[]): void
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null
  onunhandledrejection: ((event: PromiseRejectionEvent) => void) | null
  onerror: ((event: ErrorEvent) => void) | null
}

const scope = globalThis as unknown as WorkerGlobal

const trainer = new Trainer({
  post: (message, transfer) => scope.postMessage(message, transfer ?? []),
  loadData: (m) => fetchMnist(m.dataUrl, { train: m.trainLimit, test: m.testLimit }),
  probe: () => probeCapabilities(),
  activate: activateBackend,
  yieldToEvents,
  now: () => performance.now(),
})

scope.onmessage = (event) => {
  void trainer.handle(event.data)
}

// Anything that escapes the trainer still reaches the page, never a silent stop.
scope.onunhandledrejection = (event) => {
  const reason = event.reason as Error | undefined
  scope.postMessage({ type: 'error', scope: 'train', message: reason?.message ?? String(reason) })
}
