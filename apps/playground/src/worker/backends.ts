/**
 * The backends the worker trains on: probing what the browser offers, and registering and
 * selecting a backend for a choice. A wasm backend is one instance per thread count (`wasm`,
 * `wasm-4`), so moving between thread counts is a move between backends like any other.
 */
import { backendNames, getBackend, setBackend, use } from '@othergrad/core'
import { wasmBackend } from '@othergrad/backend-wasm'
import { webgpuBackend } from '@othergrad/backend-webgpu'
import { convOps } from '@othergrad/op-conv'
import type { BackendChoice, Capabilities } from '../protocol'

/** The most threads offered: more than a few cores rarely pays for an MLP this size. */
const MAX_THREADS = 8

interface WorkerScope {
  crossOriginIsolated?: boolean
  Worker?: unknown
  navigator?: { hardwareConcurrency?: number; gpu?: { requestAdapter(): Promise<unknown> } }
}

/** Why WebGPU cannot be used here, or undefined when an adapter is available. */
async function webgpuUnavailable(scope: WorkerScope): Promise<string | undefined> {
  const gpu = scope.navigator?.gpu
  if (gpu === undefined)
    return 'this browser does not offer WebGPU to workers (navigator.gpu is undefined)'
  try {
    const adapter = await gpu.requestAdapter()
    if (adapter === null)
      return 'the browser offers no WebGPU adapter (no usable GPU, or WebGPU is turned off)'
  } catch (e) {
    return `WebGPU failed to start: ${(e as Error).message}`
  }
  return undefined
}

/** What this browser offers, from inside the worker (`scope` is the worker's global). */
export async function probeCapabilities(
  scope: WorkerScope = globalThis as WorkerScope,
): Promise<Capabilities> {
  const cores = Math.max(1, Math.min(MAX_THREADS, scope.navigator?.hardwareConcurrency ?? 1))
  let threadsNote: string | undefined
  if (scope.crossOriginIsolated !== true) {
    threadsNote =
      'the page is not cross-origin isolated (it needs the COOP/COEP headers), so WASM has no shared memory and runs on 1 thread'
  } else if (typeof scope.Worker !== 'function') {
    threadsNote = 'this browser cannot start workers from a worker, so WASM runs on 1 thread'
  }
  const reason = await webgpuUnavailable(scope)
  return {
    crossOriginIsolated: scope.crossOriginIsolated === true,
    maxThreads: threadsNote === undefined ? cores : 1,
    ...(threadsNote !== undefined && { threadsNote }),
    webgpu: reason === undefined ? { available: true } : { available: false, reason },
  }
}

/** The registered name of a choice's backend. */
export function backendName(choice: BackendChoice): string {
  if (choice.kind === 'webgpu') return 'webgpu'
  return choice.threads === 1 ? 'wasm' : `wasm-${choice.threads}`
}

export interface ActiveBackend {
  choice: BackendChoice
  name: string
  /** Threads the backend really runs with. */
  threads: number
  /** Set when it got fewer threads than asked for. */
  note?: string
}

/** Registers (once) and selects the backend for `choice`, with op-conv's kernels for the CNN. */
export async function activateBackend(choice: BackendChoice): Promise<ActiveBackend> {
  const name = backendName(choice)
  use(convOps()) // once: a second use of the same package is a no-op
  if (!backendNames().includes(name)) {
    use(choice.kind === 'webgpu' ? webgpuBackend() : wasmBackend({ threads: choice.threads, name }))
  }
  await setBackend(name)
  if (choice.kind === 'webgpu') return { choice, name, threads: 1 }
  const reported = getBackend().memory().threads
  const threads = typeof reported === 'number' && reported > 0 ? reported : 1
  return {
    choice,
    name,
    threads,
    ...(threads < choice.threads && {
      note: `asked for ${choice.threads} WASM threads, got ${threads}: the worker threads did not start (nested workers or shared memory unavailable)`,
    }),
  }
}
