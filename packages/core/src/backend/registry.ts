import { fail } from '../check'
import type { Backend } from './backend'
import { connectRegistry, installPackageKernels } from './packages'

/**
 * Registered backends by name, and the active one. Creation ops allocate on the active backend;
 * ops on existing tensors run on the backend their inputs live on.
 */
interface Entry {
  backend: Backend
  ready: boolean
  /** Its `init`, then every package kernel being made for it; settles when it can be used. */
  setup: Promise<void>
}

const entries = new Map<string, Entry>()
let active: Backend | undefined

connectRegistry({
  backends: () => [...entries.values()].map((e) => e.backend),
  isReady: (backend) => entries.get(backend.name)?.backend === backend && entryOf(backend).ready,
  track(backend, setup) {
    const entry = entryOf(backend)
    entry.setup = quiet(Promise.all([entry.setup, setup]).then(() => undefined))
  },
})

function entryOf(backend: Backend): Entry {
  return entries.get(backend.name)!
}

/**
 * A failed setup is reported where it is awaited (`setBackend`, `ready`) or when an op needs it,
 * never as an unhandled rejection of a promise nobody holds.
 */
function quiet(setup: Promise<void>): Promise<void> {
  setup.catch(() => undefined)
  return setup
}

/** Registers a backend (the first one registered becomes active once it is ready). */
export function registerBackend(backend: Backend): void {
  checkBackend(backend)
  const entry: Entry = { backend, ready: backend.init === undefined, setup: Promise.resolve() }
  entries.set(backend.name, entry)
  if (entry.ready) {
    installPackageKernels(backend)
    active ??= backend
  } else {
    entry.setup = quiet(initialise(entry))
  }
}

function checkBackend(backend: Backend): void {
  const kernels = (backend as Partial<Backend>).kernels
  if (
    typeof backend?.name !== 'string' ||
    typeof backend.kind !== 'string' ||
    kernels === undefined
  ) {
    fail(
      'use',
      'expected a backend (with name, kind and a kernel table) or an operator package; got ' +
        (backend === null ? 'null' : typeof backend),
    )
  }
}

async function initialise(entry: Entry): Promise<void> {
  await entry.backend.init?.()
  entry.ready = true
  installPackageKernels(entry.backend)
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
  await settled(entry)
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

/** Awaits every backend's initialisation and the package kernels being made for it. */
export async function ready(): Promise<void> {
  await Promise.all([...entries.values()].map(settled))
  if (active === undefined) {
    const first = entries.values().next().value
    if (first) active = first.backend
  }
}

/** Waits for an entry's setup, including package kernels that started while it waited. */
async function settled(entry: Entry): Promise<void> {
  let setup: Promise<void>
  do {
    setup = entry.setup
    await setup
  } while (setup !== entry.setup)
}
