import { SIMD_VARIANTS, type SimdVariant } from '../args'
import { tfjsImpls, type ImplSpec } from '../plan'
import type { WorkloadKind } from '../workloads'

/**
 * One implementation measured in the page. othergrad rows name a backend-wasm kernel variant:
 * `simd` is passed to `wasmBackend({ threads, simd })`; a backend without that option runs only
 * the variant it reports as its own (`backend.simd`, else 'simd128') and skips the other.
 */
export interface BrowserSpec extends ImplSpec {
  /** othergrad-wasm: the kernel variant to ask for; undefined elsewhere. */
  simd?: SimdVariant
}

/**
 * What runs in Chromium: othergrad's backend-wasm as its factory makes it (one thread) and with
 * `{ threads: max(2, cores) }` (or one run per count of `threads`), in each kernel variant, named
 * as the Node bench names them (`othergrad-wasm-relaxed`, `othergrad-wasm-simd128-t2`); and TensorFlow.js wasm as the Node bench runs it
 * (plain and explicit, 1 thread and threads; the cpu backend stays in Node). `overhead-chain` does
 * not depend on threads and runs on one thread only, as in Node. `webgpu` adds backend-webgpu.
 */
export function browserImpls(
  cores: number,
  threads: readonly number[] | null,
  simd: readonly SimdVariant[] | null,
  webgpu = false,
): BrowserSpec[] {
  const counts: readonly (number | null)[] = threads ?? [null, Math.max(2, cores)]
  const variants = simd ?? SIMD_VARIANTS
  const all: WorkloadKind[] = ['mlp', 'matmul', 'overhead', 'cnn', 'conv']
  const othergrad = counts.flatMap((t) =>
    variants.map(
      (v): BrowserSpec => ({
        id: t === null ? `othergrad-wasm-${v}` : `othergrad-wasm-${v}-t${t}`,
        impl: 'othergrad',
        backend: 'wasm',
        threads: t,
        variant: 'pytorch-style',
        kinds: t === null || t === 1 ? all : all.filter((k) => k !== 'overhead'),
        simd: v,
      }),
    ),
  )
  const most = Math.max(2, ...counts.map((t) => t ?? 1))
  const tfjs = tfjsImpls(most).filter((s) => s.backend === 'wasm')
  // WebGPU here is SwiftShader (a software rasteriser): a CNN epoch would take hours.
  const gpu: BrowserSpec[] = webgpu
    ? [
        {
          id: 'othergrad-webgpu',
          impl: 'othergrad',
          backend: 'webgpu',
          threads: null,
          variant: 'pytorch-style',
          kinds: all.filter((k) => k !== 'cnn'),
        },
      ]
    : []
  return [...othergrad, ...gpu, ...tfjs]
}
