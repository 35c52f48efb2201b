import type { WasmKernelApi } from '@othergrad/backend-wasm'
import { numel, type Kernel, type KernelSpec } from '@othergrad/core/backend'
import { SOFTPLUS_WASM } from '../../generated/softplusWasm'
import type { SoftplusAttrs } from '../../softplus'

/** The exports of assembly/softplus.ts. */
interface SoftplusExports {
  softplusF32(x: number, out: number, n: number, beta: number, threshold: number): void
  softplusF64(x: number, out: number, n: number, beta: number, threshold: number): void
  softplusUnit(index: number, args: number, thread: number): void
}

// Below this many elements one thread finishes before the workers would have woken.
const MIN_SPLIT = 1 << 16
// Units per thread: enough that a thread slowed by other work hands its share on.
const UNITS_PER_THREAD = 4

/**
 * The WASM kernel: the package's own AssemblyScript (float32 four lanes at a time, float64
 * scalar), instantiated on the backend's memory, split across the backend's threads above
 * `MIN_SPLIT` elements. Each unit covers a multiple of 4 elements, so the bits are those of one
 * thread.
 */
export const softplusWasm: KernelSpec = {
  op: 'softplus',
  backend: 'wasm',
  create: async (wasm: WasmKernelApi): Promise<Kernel<SoftplusAttrs>> => {
    const module = await wasm.instantiate<SoftplusExports>('@othergrad/op-softplus', SOFTPLUS_WASM)
    const { softplusF32, softplusF64 } = module.exports
    // The units' argument block (see assembly/softplus.ts), kept as long as the backend.
    const args = wasm.allocBytes(40)
    return ([x], { beta, threshold }, [out]) => {
      const n = numel(out.shape)
      const y = wasm.alloc(out.dtype, n)
      if (n === 0) return y.storage
      const float64 = out.dtype === 'float64'
      if (wasm.threads === 1 || n < MIN_SPLIT) {
        ;(float64 ? softplusF64 : softplusF32)(wasm.ptr(x), y.ptr, n, beta, threshold)
        return y.storage
      }
      const chunk = Math.ceil(n / (wasm.threads * UNITS_PER_THREAD) / 16) * 16
      wasm.view('int32', args, 5).set([float64 ? 1 : 0, wasm.ptr(x), y.ptr, n, chunk])
      wasm.view('float64', args + 24, 2).set([beta, threshold])
      module.run('softplusUnit', Math.ceil(n / chunk), args)
      return y.storage
    }
  },
}
