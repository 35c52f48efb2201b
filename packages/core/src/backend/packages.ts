/**
 * Operator packages' kernels and Tensor methods: validated when a package is used, then added to
 * the kernel table of every backend of the kind each kernel targets, now and when backends are
 * registered later. A kernel made asynchronously (a WASM module compiled for one backend)
 * leaves a placeholder row that explains itself until it is ready; `ready()` and `setBackend`
 * wait for it.
 */
import { fail } from '../check'
import { opOwner, definedOps } from '../op'
import { didYouMean } from '../suggest'
import { Tensor } from '../tensor'
import type { Backend } from './backend'
import type { Kernel } from './kernels'

/** One kernel an operator package ships: an op, the backend kind it runs on, the kernel. */
export interface KernelSpec {
  /** The op's name, as its `defineOp` gave it. */
  readonly op: string
  /** The kind of backend it runs on: `'cpu'`, `'wasm'`, `'webgpu'` (a backend's `kind`). */
  readonly backend: string
  /** The kernel itself, when one function serves every backend of the kind. */
  readonly kernel?: Kernel<never>
  /**
   * Makes the kernel for one backend instance once it is initialised, from that backend's
   * kernel-author API (`CpuKernelApi`, `WasmKernelApi`, `WebGpuKernelApi`: import the type from
   * the backend package, type-only, so users need not install backends they do not use). May
   * be async, e.g. to compile the package's WASM module on the backend's memory.
   */
  readonly create?: (api: never, backend: Backend) => Kernel<never> | Promise<Kernel<never>>
}

/** Methods a package adds to `Tensor` (`x.softplus()`); `use()` installs them. */
export type TensorMethods = Readonly<Record<string, (this: Tensor, ...args: never[]) => unknown>>

/**
 * An operator package's contribution, handed to `use()`: its kernels per backend kind and its
 * Tensor methods. Methods are installed by `use()`, never by importing a file, so no bundler's
 * tree-shaking can drop them.
 *
 * @example
 * export function softplusOps(): OpPackage {
 *   return {
 *     kind: 'ops',
 *     name: '@acme/op-softplus',
 *     kernels: [{ op: 'softplus', backend: 'cpu', kernel: softplusCpu }],
 *     methods: { softplus(beta?: number) { return softplus(this, beta) } },
 *   }
 * }
 */
export interface OpPackage {
  readonly kind: 'ops'
  /** The package's npm name, shown in errors. */
  readonly name: string
  /** Kernels, each for one op on one backend kind. */
  readonly kernels?: readonly KernelSpec[]
  /** Methods added to `Tensor` (`x.softplus()`), declared with `declare module`. */
  readonly methods?: TensorMethods
}

/** The backend kinds othergrad ships; a backend of another kind adds its own when registered. */
const BUILT_IN_KINDS = ['cpu', 'wasm', 'webgpu']

const used: OpPackage[] = []
const kernelOwners = new Map<string, string>()
const methodOwners = new Map<string, string>()

/** Hooks into the backend registry (set by registry.ts, which owns the backends). */
export interface RegistryView {
  backends(): readonly Backend[]
  isReady(backend: Backend): boolean
  track(backend: Backend, setup: Promise<void>): void
}
let registry: RegistryView | undefined

export function connectRegistry(view: RegistryView): void {
  registry = view
}

function knownKinds(): Set<string> {
  const kinds = new Set(BUILT_IN_KINDS)
  for (const b of registry?.backends() ?? []) kinds.add(b.kind)
  return kinds
}

function checkSpec(pkg: OpPackage, spec: KernelSpec, index: number): void {
  const where = `${pkg.name}'s kernel ${index}`
  if (typeof spec?.op !== 'string' || opOwner(spec.op) === undefined) {
    fail(
      'use',
      `${where} is for op '${String(spec?.op)}', which no package has defined${didYouMean(String(spec?.op), definedOps())} (import the module that calls defineOp before use())`,
    )
  }
  const kinds = knownKinds()
  if (typeof spec.backend !== 'string' || !kinds.has(spec.backend)) {
    fail(
      'use',
      `${where} (op '${spec.op}') is for backend kind '${String(spec.backend)}', which does not exist${didYouMean(String(spec.backend), kinds)}; known kinds: ${[...kinds].join(', ')}`,
    )
  }
  const made = typeof spec.kernel === 'function' ? 1 : 0
  const creates = typeof spec.create === 'function' ? 1 : 0
  if (made + creates !== 1) {
    fail(
      'use',
      `${where} (op '${spec.op}' on '${spec.backend}') needs exactly one of kernel or create, as a function`,
    )
  }
  const key = `${spec.op}@${spec.backend}`
  const owner = kernelOwners.get(key)
  if (owner !== undefined) {
    fail(
      'use',
      `op '${spec.op}' already has a '${spec.backend}' kernel from '${owner}'; '${pkg.name}' cannot add another`,
    )
  }
}

function checkMethods(pkg: OpPackage): void {
  for (const name of Object.keys(pkg.methods ?? {})) {
    if (typeof pkg.methods![name] !== 'function') {
      fail('use', `${pkg.name}'s method '${name}' must be a function`)
    }
    const owner =
      methodOwners.get(name) ?? (name in Tensor.prototype ? '@othergrad/core' : undefined)
    if (owner !== undefined) {
      fail(
        'use',
        `Tensor method '${name}' is already defined by '${owner}'; '${pkg.name}' cannot redefine it`,
      )
    }
  }
}

/**
 * Validates `pkg` and adds its kernels and methods; using the same package twice does nothing.
 * Every check runs before anything is added, so a refused package leaves nothing behind.
 */
export function usePackage(pkg: OpPackage): void {
  if (typeof pkg?.name !== 'string' || pkg.name === '') {
    fail(
      'use',
      'an operator package needs a name (its npm name), e.g. { kind: "ops", name: "@acme/op-gelu", ... }',
    )
  }
  if (used.some((p) => p.name === pkg.name)) return
  const specs = pkg.kernels ?? []
  if (!Array.isArray(specs)) fail('use', `${pkg.name}'s kernels must be an array`)
  const seen = new Set<string>()
  specs.forEach((spec, i) => {
    checkSpec(pkg, spec, i)
    const key = `${spec.op}@${spec.backend}`
    if (seen.has(key))
      fail('use', `${pkg.name} lists two '${spec.backend}' kernels for op '${spec.op}'`)
    seen.add(key)
  })
  checkMethods(pkg)
  // The backends' own rows: a package may add a kernel for an op, never replace one.
  for (const backend of registry?.backends() ?? []) {
    for (const spec of specs) {
      if (spec.backend === backend.kind && backend.kernels.has(spec.op)) {
        fail(
          'use',
          `op '${spec.op}' already has a kernel on backend '${backend.name}' (from '${backend.kernels.ownerOf(spec.op)}'); '${pkg.name}' cannot add another`,
        )
      }
    }
  }
  used.push(pkg)
  for (const spec of specs) kernelOwners.set(`${spec.op}@${spec.backend}`, pkg.name)
  for (const name of Object.keys(pkg.methods ?? {})) {
    methodOwners.set(name, pkg.name)
    Object.defineProperty(Tensor.prototype, name, {
      value: pkg.methods![name],
      writable: true,
      configurable: true,
    })
  }
  for (const backend of registry?.backends() ?? []) {
    if (registry!.isReady(backend)) install(pkg, backend)
  }
}

/** Adds every used package's kernels for `backend`'s kind (called once it is ready). */
export function installPackageKernels(backend: Backend): void {
  for (const pkg of used) install(pkg, backend)
}

function install(pkg: OpPackage, backend: Backend): void {
  for (const spec of pkg.kernels ?? []) {
    if (spec.backend !== backend.kind || backend.kernels.ownerOf(spec.op) === pkg.name) continue
    if (spec.kernel !== undefined) {
      backend.kernels.add(spec.op, spec.kernel, pkg.name)
      continue
    }
    const api = backend.kernelApi
    if (api === undefined) {
      fail(
        'use',
        `backend '${backend.name}' (kind '${backend.kind}') offers no kernel-author API, so '${pkg.name}' cannot make its '${spec.op}' kernel there`,
      )
    }
    const made = spec.create!(api as never, backend)
    if (!(made instanceof Promise)) {
      backend.kernels.add(spec.op, made, pkg.name)
      continue
    }
    backend.kernels.add(spec.op, pending(spec.op, backend, pkg.name), pkg.name)
    const setup = made.then(
      (kernel) => backend.kernels.replace(spec.op, kernel),
      (error: unknown) => {
        backend.kernels.replace(spec.op, failed(spec.op, backend, pkg.name, error))
        throw error
      },
    )
    registry!.track(backend, setup)
  }
}

function pending(op: string, backend: Backend, owner: string): Kernel<never> {
  return () =>
    fail(
      op,
      `its kernel for backend '${backend.name}' (from '${owner}') is still being set up; await ready() (or setBackend('${backend.name}')) after use()`,
    )
}

function failed(op: string, backend: Backend, owner: string, error: unknown): Kernel<never> {
  const reason = error instanceof Error ? error.message : String(error)
  return () =>
    fail(
      op,
      `its kernel for backend '${backend.name}' (from '${owner}') failed to set up: ${reason}`,
    )
}
