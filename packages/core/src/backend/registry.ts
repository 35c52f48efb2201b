import { fail } from '../check'
import type { Backend } from './backend'

/**
 * Registered backends by name, and the active one. Creation ops allocate on the active backend;
 * ops on existing tensors run on the backend their inputs live on.
 */
interface Entry {
  backend: Backend
  ready: boolean
  init: Promise<void> | undefined
}

const entries = new Map<string, Entry>()
let active: Backend | undefined

/** Registers a backend (the first one registered becomes active once it is ready). */
export function registerBackend(backend: Backend): void {
  const entry: Entry = { backend, ready: backend.init === undefined, init: undefined }
  entries.set(backend.name, entry)
  if (!entry.ready) entry.init = initialise(entry)
  if (active === undefined && entry.ready) active = backend
}

async function initialise(entry: Entry): Promise<void> {
  await entry.backend.init?.()
  entry.ready = true
}

/**
 * Makes `name` the active backend, awaiting its initialisation once.
 *
 * @example
 * use(cpuBackend())
 * await setBackend('cpu')
 */
export async function setBackend(name: string): Promise<Backend> {
  const entry = entries.get(name)
  if (entry === undefined) {
    fail(
      'setBackend',
      `no backend named '${name}' is registered; available: ${listBackends()}. ` +
        `Register one first, e.g. use(cpuBackend())`,
    )
  }
  await entry.init
  active = entry.backend
  return entry.backend
}

/** The active backend; a clear error when none is registered and ready. */
export function getBackend(): Backend {
  if (active === undefined) {
    const pending = [...entries.values()].filter((e) => !e.ready).map((e) => e.backend.name)
    if (pending.length > 0) {
      fail(
        'getBackend',
        `backend '${pending[0]}' is still initialising; await setBackend('${pending[0]}') before using it`,
      )
    }
    fail(
      'getBackend',
      'no backend is registered; call use(cpuBackend()) (from @othergrad/backend-cpu) first',
    )
  }
  return active
}

/** A registered backend by name, ready for use. */
export function findBackend(name: string): Backend {
  const entry = entries.get(name)
  if (entry === undefined) {
    fail('to', `no backend named '${name}' is registered; available: ${listBackends()}`)
  }
  if (!entry.ready)
    fail('to', `backend '${name}' is still initialising; await setBackend('${name}') first`)
  return entry.backend
}

/** Names of the registered backends. */
export function backendNames(): string[] {
  return [...entries.keys()]
}

function listBackends(): string {
  return entries.size === 0 ? '(none)' : [...entries.keys()].map((n) => `'${n}'`).join(', ')
}

/** Awaits every pending backend initialisation. */
export async function ready(): Promise<void> {
  await Promise.all([...entries.values()].map((e) => e.init))
  if (active === undefined) {
    const first = entries.values().next().value
    if (first) active = first.backend
  }
}
