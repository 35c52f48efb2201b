import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import {
  crossEntropy,
  linear,
  memory,
  noGrad,
  setBackend,
  tensor,
  use,
  type Backend,
  type Tensor,
} from '@othergrad/core'
import { conv2d, convOps, maxPool2d } from '@othergrad/op-conv'
import { Adadelta, SGD } from '@othergrad/optim'
import { functional } from '@othergrad/nn'
import { backendEntries } from '../discover'
import type { CnnInit, LinearInit } from '../init'
import type { CnnOptions, Library, MemoryProbe, MlpModel, Repeatable } from '../library'
import type { ImplSpec } from '../plan'
import { ADADELTA, SGD as SGD_SETTINGS, type MlpWorkload } from '../workloads'

/** Thrown when a backend package is present but cannot be benched (not built, no factory). */
export class SkipError extends Error {
  override name = 'SkipError'
}

type Factory = (options?: { threads?: number; simd?: string }) => Backend

function factoryName(backend: string): string {
  return `${backend.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())}Backend`
}

/**
 * The backend factory, from the first module (the Node entry comes first) that has one:
 * `wasmBackend` for backend-wasm, else any `*Backend` function (`nodeWebgpuBackend`).
 */
function findFactory(
  modules: readonly Record<string, unknown>[],
  backend: string,
): Factory | undefined {
  const wanted = factoryName(backend)
  for (const mod of modules) {
    if (typeof mod[wanted] === 'function') return mod[wanted] as Factory
    for (const [name, value] of Object.entries(mod)) {
      if (name.endsWith('Backend') && typeof value === 'function') return value as Factory
    }
  }
  return undefined
}

/** Threads a backend says it uses: a numeric `threads` property or memory detail, else 1. */
export function threadsOf(backend: Backend): number {
  const own = (backend as unknown as { threads?: unknown }).threads
  if (typeof own === 'number') return own
  const reported = backend.memory().threads
  return typeof reported === 'number' && reported > 0 ? reported : 1
}

/**
 * The backend for a thread count and SIMD variant: one thread is every backend's default, so it
 * is made with no threads option; a backend that rejects a `threads` option (cpu, webgpu) cannot
 * be run with more. A forced SIMD variant the engine cannot run is skipped with the backend's
 * reason.
 */
function makeBackend(factory: Factory, spec: ImplSpec, name: string): Backend {
  const { threads, simd } = spec
  const options = {
    ...(threads === null || threads === 1 ? {} : { threads }),
    ...(simd === undefined ? {} : { simd }),
  }
  try {
    return Object.keys(options).length === 0 ? factory() : factory(options)
  } catch (e) {
    const message = (e as Error).message
    if (/unknown option 'threads'/.test(message)) {
      throw new SkipError(`${name} takes no threads option`)
    }
    if (simd !== undefined && /simd/.test(message)) throw new SkipError(message)
    throw e
  }
}

/** The SIMD build a backend reports (`backend.simd`), if any. */
function simdOf(backend: Backend): string | undefined {
  const simd = (backend as unknown as { simd?: unknown }).simd
  return typeof simd === 'string' ? simd : undefined
}

/**
 * Loads the spec's backend package (its Node entry first, built dist/ or with `source`, src/),
 * registers and selects it.
 */
export async function loadOthergrad(spec: ImplSpec, source: boolean): Promise<Library> {
  const pkg = spec.pkg
  if (!pkg) throw new Error(`bench: ${spec.id} has no backend package`)
  const entries = backendEntries(pkg.dir, source)
  const present = entries.filter((f) => existsSync(f))
  if (present.length === 0) {
    throw new SkipError(
      `${pkg.name} is not built (${entries.map((e) => e.slice(pkg.dir.length + 1)).join(', ') || 'no exports'} missing)`,
    )
  }
  const modules: Record<string, unknown>[] = []
  for (const file of present)
    modules.push((await import(pathToFileURL(file).href)) as Record<string, unknown>)
  const factory = findFactory(modules, spec.backend)
  if (!factory) throw new SkipError(`${pkg.name} exports no ${factoryName(spec.backend)}() factory`)
  const backend = makeBackend(factory, spec, pkg.name)
  if (spec.simd !== undefined && simdOf(backend) !== spec.simd) {
    throw new SkipError(`asked for the ${spec.simd} build, the backend runs ${simdOf(backend)}`)
  }
  use(backend)
  use(convOps())
  await setBackend(backend.name)
  const version = (
    JSON.parse(readFileSync(join(pkg.dir, 'package.json'), 'utf8')) as { version: string }
  ).version
  return othergradLibrary(backend, version)
}

/** othergrad on `backend` (registered and selected) as the driver sees it; Node and the page share it. */
export function othergradLibrary(backend: Backend, version: string): Library {
  const sync = backend.readSync !== undefined
  const readScalar = (t: Tensor): number | Promise<number> => (sync ? t.itemSync() : t.item())
  const readAll = async (t: Tensor): Promise<void> => {
    if (sync) t.dataSync()
    else await t.data()
  }

  const simd = simdOf(backend)
  return {
    threads: threadsOf(backend),
    ...(simd === undefined ? {} : { simd }),
    version,
    mlp: (workload, init) => othergradMlp(workload, init, readScalar),
    cnn: (init) => othergradCnn(init, readScalar),
    conv(workload, xv, wv): Repeatable {
      const { batch, inChannels, size, outChannels, kernel } = workload
      const x = tensor(xv, { shape: [batch, inChannels, size, size], requiresGrad: true })
      const w = tensor(wv, { shape: [outChannels, inChannels, kernel, kernel], requiresGrad: true })
      return {
        async run() {
          conv2d(x, w).sum().backward()
          await readAll(x.grad!)
          await readAll(w.grad!)
          x.grad = null
          w.grad = null
        },
        dispose() {
          x.dispose()
          w.dispose()
        },
      }
    },
    matmul(n, av, bv): Repeatable {
      const a = tensor(av, { shape: [n, n] })
      const b = tensor(bv, { shape: [n, n] })
      return {
        async run() {
          const c = a.matmul(b)
          await readAll(c)
          c.dispose()
        },
        dispose() {
          a.dispose()
          b.dispose()
        },
      }
    },
    overhead(ops, xv, wv): Repeatable {
      const x = tensor(xv, { requiresGrad: true })
      const w = tensor(wv)
      return {
        async run() {
          let y = x
          for (let i = 0; i < ops; i++) {
            const k = i % 4
            y = k === 0 ? y.mul(w) : k === 1 ? y.add(0.5) : k === 2 ? y.tanh() : y.sub(x)
          }
          y.sum().backward()
          await readAll(x.grad!)
          x.grad = null
        },
        dispose() {
          x.dispose()
          w.dispose()
        },
      }
    },
    memory(): MemoryProbe {
      const m = memory()[backend.name]
      if (!m) return { tensorBytes: null, wasmHeapBytes: null, gpuBytes: null }
      const details: Record<string, number> = {}
      for (const [k, v] of Object.entries(m.backend)) if (typeof v === 'number') details[k] = v
      const heapKey = Object.keys(details).find((k) => /heap/i.test(k))
      const gpuKey = Object.keys(details).find((k) => /gpu/i.test(k))
      return {
        tensorBytes: m.bytes,
        wasmHeapBytes: heapKey ? details[heapKey] : null,
        gpuBytes: gpuKey ? details[gpuKey] : /gpu/i.test(backend.name) ? m.backend.bytes : null,
        details,
      }
    },
  }
}

/**
 * The MLP written as a PyTorch user writes it: `linear`/`relu`/`crossEntropy`, `backward()`, then
 * `optim.SGD` with Nesterov momentum (PyTorch's update rule, one fused pass per parameter where the
 * backend has it), no manual dispose.
 */
function othergradMlp(
  workload: MlpWorkload,
  init: LinearInit,
  read: (t: Tensor) => number | Promise<number>,
): MlpModel {
  const { sizes } = workload
  const weights = init.weights.map((w, i) =>
    tensor(w, { shape: [sizes[i + 1], sizes[i]], requiresGrad: true }),
  )
  const biases = init.biases.map((b) => tensor(b, { requiresGrad: true }))
  const params = weights.flatMap((w, i) => [w, biases[i]])
  const { lr, momentum } = SGD_SETTINGS
  const optimizer = new SGD(params, { lr, momentum, nesterov: true })

  const forward = (x: Tensor): Tensor => {
    let h = x
    for (let i = 0; i < weights.length; i++) {
      h = linear(h, weights[i], biases[i])
      if (i + 1 < weights.length) h = h.relu()
    }
    return h
  }

  return {
    step(xv, yv, n) {
      const x = tensor(xv, { shape: [n, sizes[0]] })
      const y = tensor(yv, { dtype: 'int32' })
      const loss = crossEntropy(forward(x), y)
      for (const p of params) p.grad = null
      loss.backward()
      optimizer.step()
      return read(loss)
    },
    correct(xv, yv, n) {
      return noGrad(() => {
        const logits = forward(tensor(xv, { shape: [n, sizes[0]] }))
        return read(
          logits
            .argmax(1)
            .eq(tensor(yv, { dtype: 'int32' }))
            .cast('float32')
            .sum(),
        )
      })
    },
  }
}

/**
 * PyTorch's examples/mnist CNN written as a PyTorch user writes it (op-conv's `conv2d` and
 * `maxPool2d`, nn's dropout, `crossEntropy`, `backward()`, `optim.Adadelta`).
 */
export function othergradCnn(
  init: CnnInit,
  read: (t: Tensor) => number | Promise<number>,
  options: CnnOptions = {},
): MlpModel {
  const dropout = options.dropout ?? true
  const param = (values: Float32Array, shape: number[]) =>
    tensor(values, { shape, requiresGrad: true })
  const c1w = param(init.conv1.w, [32, 1, 3, 3])
  const c1b = param(init.conv1.b, [32])
  const c2w = param(init.conv2.w, [64, 32, 3, 3])
  const c2b = param(init.conv2.b, [64])
  const f1w = param(init.fc1.w, [128, 9216])
  const f1b = param(init.fc1.b, [128])
  const f2w = param(init.fc2.w, [10, 128])
  const f2b = param(init.fc2.b, [10])
  const params = [c1w, c1b, c2w, c2b, f1w, f1b, f2w, f2b]
  const optimizer = new Adadelta(params, { ...ADADELTA })

  const forward = (x: Tensor, training: boolean): Tensor => {
    let h = conv2d(conv2d(x, c1w, c1b).relu(), c2w, c2b).relu()
    h = functional.dropout(maxPool2d(h, 2), 0.25, training && dropout).flatten(1)
    h = functional.dropout(linear(h, f1w, f1b).relu(), 0.5, training && dropout)
    return linear(h, f2w, f2b)
  }
  const images = (xv: Float32Array, n: number) => tensor(xv, { shape: [n, 1, 28, 28] })

  return {
    step(xv, yv, n) {
      const loss = crossEntropy(forward(images(xv, n), true), tensor(yv, { dtype: 'int32' }))
      optimizer.zeroGrad()
      loss.backward()
      optimizer.step()
      return read(loss)
    },
    correct(xv, yv, n) {
      return noGrad(() =>
        read(
          forward(images(xv, n), false)
            .argmax(1)
            .eq(tensor(yv, { dtype: 'int32' }))
            .cast('float32')
            .sum(),
        ),
      )
    },
  }
}
