import type { Tensor } from './tensor'
import { allStats } from './storageRef'
import { watch } from './collector'
import { rejectAsync, rejectPromise } from './check'
import { backendNames, findBackend } from './backend/registry'
import type { MemoryInfo } from './backend/kernels'

/** Memory scopes: every tensor created inside `tidy` is disposed at its end unless returned. */
const scopes: Set<Tensor>[] = []

/**
 * Places a new tensor: in the innermost scope, which disposes it or passes it on when it ends, or,
 * outside every scope, under the collector's watch. Scoped tensors skip the FinalizationRegistry
 * until they leave their scope alive, which spares most of a backward pass that cost.
 */
export function adopt(t: Tensor): void {
  if (scopes.length > 0) scopes[scopes.length - 1].add(t)
  else watchOnce(t)
}

function watchOnce(t: Tensor): void {
  if (t.watchToken !== undefined || t.isDisposed) return
  t.watchToken = watch(t.storageRef)
}

/** Removes `t` from every scope so `tidy` leaves it alive; returns it. */
export function keep<T extends Tensor>(t: T): T {
  for (const scope of scopes) scope.delete(t)
  watchOnce(t)
  return t
}

type Tidied =
  | Tensor
  | readonly Tidied[]
  | { readonly [key: string]: Tidied }
  | number
  | string
  | boolean
  | void
  | null
  | undefined

function collect(value: unknown, into: Set<Tensor>, isTensor: (v: unknown) => v is Tensor): void {
  if (isTensor(value)) into.add(value)
  else if (Array.isArray(value)) for (const v of value) collect(v, into, isTensor)
  else if (value !== null && typeof value === 'object' && !(value instanceof Promise)) {
    for (const v of Object.values(value)) collect(v, into, isTensor)
  }
}

let tensorCheck: (v: unknown) => v is Tensor = (v): v is Tensor => false

/** Set by tensor.ts, which memory.ts cannot import without a cycle at load time. */
export function setTensorCheck(check: (v: unknown) => v is Tensor): void {
  tensorCheck = check
}

const ASYNC_TIDY =
  'a scope ends when its function returns, which for an async function is its first await, so ' +
  'tensors it still uses would be disposed and later ones would escape. Await outside and tidy ' +
  'the synchronous part: const batch = await next(); const loss = tidy(() => step(batch))'

/**
 * Runs `fn` and disposes every tensor it created, except the ones it returns (also inside arrays
 * and plain objects). Scopes nest; a returned tensor moves to the enclosing scope. `fn` must be
 * synchronous: an async function is rejected (the scope would end at its first await).
 *
 * @example
 * const loss = tidy(() => model.forward(x).sub(y).square().mean())
 */
export function tidy<T extends Tidied>(fn: () => T): T {
  rejectAsync('tidy', fn, ASYNC_TIDY)
  const scope = openScope()
  let result: T
  try {
    result = fn()
    rejectPromise('tidy', result, ASYNC_TIDY)
  } catch (error) {
    closeScope(scope, new Set())
    throw error
  }
  const kept = new Set<Tensor>()
  collect(result, kept, tensorCheck)
  closeScope(scope, kept)
  return result
}

/** Starts collecting the tensors created from now on (the engine scopes each backward pass). */
export function openScope(): Set<Tensor> {
  const scope = new Set<Tensor>()
  scopes.push(scope)
  return scope
}

/** Ends the innermost scope: disposes what it collected except `kept`, which moves outward. */
export function closeScope(scope: Set<Tensor>, kept: ReadonlySet<Tensor>): void {
  const index = scopes.lastIndexOf(scope)
  if (index !== -1) scopes.splice(index, 1)
  for (const t of scope) {
    if (kept.has(t)) adopt(t)
    else t.dispose()
  }
}

/** One backend's entry in `memory()`: what core holds there, and the backend's own statistics. */
export interface BackendMemory {
  /** Live (not disposed, not collected) tensors on this backend. */
  tensors: number
  /** Bytes of tensor storage core holds on this backend. */
  bytes: number
  /** Live storages (views share one). */
  storages: number
  /** The backend's own statistics (heap size, pools, ...). */
  backend: MemoryInfo
}

/** Live tensors and bytes per registered backend, like `torch.cuda.memory_allocated`. */
export function memory(): Record<string, BackendMemory> {
  const out: Record<string, BackendMemory> = {}
  const stats = allStats()
  for (const name of backendNames()) {
    const s = stats.get(name) ?? { tensors: 0, bytes: 0, storages: 0 }
    let backend: MemoryInfo = { bytes: 0, buffers: 0 }
    try {
      backend = findBackend(name).memory()
    } catch {
      // a backend still initialising has nothing allocated yet
    }
    out[name] = { tensors: s.tensors, bytes: s.bytes, storages: s.storages, backend }
  }
  return out
}
