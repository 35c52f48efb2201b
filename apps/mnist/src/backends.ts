import { availableParallelism } from 'node:os'
import { setBackend, use, type Backend } from '@othergrad/core'
import { cpuBackend } from '@othergrad/backend-cpu'

interface BackendOptions {
  /** Threads for backends that split kernels across cores. */
  threads: number
  /** The wasm backend's kernel build; undefined: relaxed SIMD where this Node can run it. */
  simd?: 'relaxed' | 'simd128'
}

interface Candidate {
  name: string
  /** Loads the backend package if it is installed; undefined when it is not. */
  load: (options: BackendOptions) => Promise<Backend | undefined>
}

/** Imports an optional backend package by name (a variable specifier: it may not be installed). */
async function optional(
  specifier: string,
  factory: string,
  options?: BackendOptions,
): Promise<Backend | undefined> {
  try {
    const mod = (await import(specifier)) as Record<string, unknown>
    const make = mod[factory]
    return typeof make === 'function'
      ? (make as (options?: BackendOptions) => Backend)(options)
      : undefined
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return undefined
    throw e
  }
}

/**
 * backend-wasm with relaxed SIMD unless told otherwise: its `enableRelaxedSimd` turns the
 * feature on in Node 20, whose V8 keeps it behind a flag (fused multiply-adds: the faster build).
 */
async function loadWasm(options: BackendOptions): Promise<Backend | undefined> {
  if (options.simd === undefined) {
    const mod = await import('@othergrad/backend-wasm').catch(() => undefined)
    mod?.enableRelaxedSimd()
  }
  return optional('@othergrad/backend-wasm', 'wasmBackend', options)
}

/** Fastest first: the default is the first one that is installed and starts. */
const CANDIDATES: Candidate[] = [
  { name: 'wasm', load: loadWasm },
  { name: 'cpu', load: async () => cpuBackend() },
  { name: 'webgpu', load: () => optional('@othergrad/backend-webgpu/node', 'nodeWebgpuBackend') },
]

export interface SelectedBackend {
  name: string
  /** Threads the backend really runs with (1 where it has no threads, or shared memory is off). */
  threads: number
  /** The wasm backend's build of its kernels (`'relaxed'` or `'simd128'`); undefined elsewhere. */
  simd?: string
}

/**
 * Registers and selects a backend by name, or the fastest installed one; `threads` defaults to
 * every core, `simd` (the wasm kernels' build) to relaxed SIMD where Node can run it.
 */
export async function selectBackend(
  requested: string | undefined,
  threads: number = availableParallelism(),
  simd?: 'relaxed' | 'simd128',
): Promise<SelectedBackend> {
  const options = { threads, ...(simd === undefined ? {} : { simd }) }
  const installed: { name: string; backend: Backend }[] = []
  for (const c of CANDIDATES) {
    if (requested !== undefined && c.name !== requested) continue
    const backend = await c.load(options)
    if (backend) installed.push({ name: c.name, backend })
    if (requested === undefined && installed.length > 0) break
  }
  if (installed.length === 0) {
    const available: string[] = []
    for (const c of CANDIDATES)
      if (await c.load(options).catch(() => undefined)) available.push(c.name)
    throw new Error(
      `--backend: unknown or uninstalled backend '${requested}'; available: ${available.join(', ')}`,
    )
  }
  const { name, backend } = installed[0]
  use(backend)
  await setBackend(name)
  const reported = backend.memory().threads
  const build = (backend as { simd?: unknown }).simd
  return {
    name,
    threads: typeof reported === 'number' && reported > 0 ? reported : 1,
    ...(typeof build === 'string' ? { simd: build } : {}),
  }
}
