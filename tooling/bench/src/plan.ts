import { SIMD_VARIANTS, type SimdVariant } from './args'
import type { BackendPackage } from './discover'
import { WORKLOADS, type Workload, type WorkloadKind } from './workloads'

/**
 * One implementation to measure: a library, its backend, a thread count and, for tfjs's MLP, how
 * the training step is written.
 * - `pytorch-style`: othergrad, written as a PyTorch user would (autograd, in-place SGD).
 * - `plain`: tfjs as most users run it (`optimizer.minimize`, autograd's transposed products).
 * - `explicit`: tfjs with gradients written by hand so every product is a plain `tf.matMul(a, b)`
 *   on explicitly transposed operands, which XNNPACK runs fast.
 */
export interface ImplSpec {
  id: string
  impl: 'othergrad' | 'tfjs'
  backend: string
  /** tfjs: the thread count to use; othergrad: the `threads` option to pass (null: none). */
  threads: number | null
  variant: 'pytorch-style' | 'plain' | 'explicit'
  /** The workload kinds this implementation runs (matmul and overhead do not depend on the variant). */
  kinds: readonly WorkloadKind[]
  /** othergrad: the backend package to load. */
  pkg?: BackendPackage
  /**
   * othergrad-wasm: the build of its kernels to force (`{ simd }` factory option). A relaxed run's
   * Node process gets `--experimental-wasm-relaxed-simd` where Node needs it (before 22).
   */
  simd?: SimdVariant
}

/** Backends built in several SIMD variants (their `simd` option), each benched on its own. */
const SIMD_BACKENDS: readonly string[] = ['wasm']

/** A measurement to take: one implementation on one workload, in its own process. */
export interface PlanEntry {
  spec: ImplSpec
  workload: Workload
}

/**
 * TensorFlow.js as BENCHMARKS.md measures it: the pure-JS cpu backend, wasm (XNNPACK, SIMD) with
 * one thread, and with `threads` threads forced on (they are off in Node by default).
 */
export function tfjsImpls(threads: number): ImplSpec[] {
  const t = Math.max(2, threads)
  const all: WorkloadKind[] = ['mlp', 'matmul', 'overhead', 'cnn', 'conv']
  return [
    { id: 'tfjs-cpu', impl: 'tfjs', backend: 'cpu', threads: 1, variant: 'plain', kinds: all },
    { id: 'tfjs-wasm-t1', impl: 'tfjs', backend: 'wasm', threads: 1, variant: 'plain', kinds: all },
    {
      id: 'tfjs-wasm-explicit-t1',
      impl: 'tfjs',
      backend: 'wasm',
      threads: 1,
      variant: 'explicit',
      kinds: ['mlp', 'cnn', 'conv'],
    },
    {
      id: `tfjs-wasm-t${t}`,
      impl: 'tfjs',
      backend: 'wasm',
      threads: t,
      variant: 'plain',
      kinds: ['matmul', 'cnn', 'conv'],
    },
    {
      id: `tfjs-wasm-explicit-t${t}`,
      impl: 'tfjs',
      backend: 'wasm',
      threads: t,
      variant: 'explicit',
      kinds: ['mlp', 'cnn', 'conv'],
    },
  ]
}

/**
 * The othergrad implementations: by default each backend package as its factory makes it, plus a
 * run with `{ threads: cores }` on the thread-sensitive workloads (a backend that ignores the
 * option is skipped there); with `threads` given, one run per count. Backend-wasm runs each of
 * those once per SIMD variant (`othergrad-wasm-simd128`, `othergrad-wasm-relaxed-t2`), side by
 * side; `simd` (`--simd`) picks the variants.
 */
export function othergradImpls(
  packages: readonly BackendPackage[],
  threads: readonly number[] | null,
  cores: number,
  simd: readonly SimdVariant[] | null = null,
): ImplSpec[] {
  const all: WorkloadKind[] = ['mlp', 'matmul', 'overhead', 'cnn', 'conv']
  const spec = (pkg: BackendPackage, t: number | null, kinds: WorkloadKind[]): ImplSpec[] => {
    const base = {
      impl: 'othergrad' as const,
      backend: pkg.backend,
      threads: t,
      variant: 'pytorch-style' as const,
      kinds,
      pkg,
    }
    const suffix = t === null ? '' : `-t${t}`
    if (!SIMD_BACKENDS.includes(pkg.backend))
      return [{ id: `othergrad-${pkg.backend}${suffix}`, ...base }]
    return (simd ?? SIMD_VARIANTS).map((simd) => ({
      id: `othergrad-${pkg.backend}-${simd}${suffix}`,
      ...base,
      simd,
    }))
  }
  return packages.flatMap((pkg) => {
    // WebGPU in Node runs on a software rasteriser here: a CNN epoch would take hours.
    const kinds = (list: WorkloadKind[]) =>
      pkg.backend === 'webgpu' ? list.filter((k) => k !== 'cnn') : list
    if (threads !== null) return threads.flatMap((t) => spec(pkg, t, kinds(all)))
    return cores > 1
      ? [
          ...spec(pkg, null, kinds(all)),
          ...spec(pkg, cores, kinds(['mlp', 'matmul', 'cnn', 'conv'])),
        ]
      : spec(pkg, null, kinds(all))
  })
}

/** True when no patterns are given or `name` starts with one of them. */
export function matchesAny(name: string, patterns: readonly string[]): boolean {
  return patterns.length === 0 || patterns.some((p) => name.startsWith(p))
}

/**
 * The measurements to take, grouped by workload so that implementations compared with each other
 * run close together in time.
 */
export function buildPlan(
  impls: readonly ImplSpec[],
  only: readonly string[],
  implFilter: readonly string[],
  workloads: readonly Workload[] = WORKLOADS,
): PlanEntry[] {
  const plan: PlanEntry[] = []
  for (const workload of workloads) {
    if (!matchesAny(workload.name, only)) continue
    for (const spec of impls) {
      if (matchesAny(spec.id, implFilter) && spec.kinds.includes(workload.kind))
        plan.push({ spec, workload })
    }
  }
  return plan
}
