import type { WasmKernelApi } from '@othergrad/backend-wasm'
import { numel, type Kernel, type KernelSpec } from '@othergrad/core/backend'
import { GELU_WASM } from '../../generated/geluWasm'
import { PACKAGE, type GeluAttrs } from '../../gelu'

/** The exports of assembly/gelu.ts (pointers and sizes; bools as 0/1). */
interface GeluExports {
  geluF32(x: number, dy: number, out: number, n: number, backward: number, tanh: number): void
  geluF64(x: number, dy: number, out: number, n: number, backward: number, tanh: number): void
  geluUnit(index: number, args: number, thread: number): void
}

// Below this many elements one thread finishes before the workers would have woken.
const MIN_SPLIT = 1 << 15
// Units per thread: enough that a thread slowed by other work hands its share on.
const UNITS_PER_THREAD = 4

/**
 * The wasm kernels: the package's own AssemblyScript (float32 four lanes at a time, float64
 * scalar), instantiated once on the backend's memory and shared by both kernels, split across
 * the backend's thread pool above `MIN_SPLIT` elements. Units cover multiples of 16 elements,
 * so the bits are those of one thread.
 */
function geluWasmKernel(op: 'gelu' | 'geluBackward'): KernelSpec {
  const backward = op === 'geluBackward'
  return {
    op,
    backend: 'wasm',
    create: async (wasm: WasmKernelApi): Promise<Kernel<GeluAttrs>> => {
      const module = await wasm.instantiate<GeluExports>(PACKAGE, GELU_WASM)
      const { geluF32, geluF64 } = module.exports
      // The units' argument block (see assembly/gelu.ts), kept as long as the backend.
      const args = wasm.allocBytes(24)
      return (inputs, { approximate }, [out]) => {
        const n = numel(out.shape)
        const y = wasm.alloc(out.dtype, n)
        if (n === 0) return y.storage
        const x = wasm.ptr(backward ? inputs[1] : inputs[0])
        const dy = backward ? wasm.ptr(inputs[0]) : 0
        const float64 = out.dtype === 'float64'
        const tanh = approximate === 'tanh' ? 1 : 0
        if (wasm.threads === 1 || n < MIN_SPLIT) {
          ;(float64 ? geluF64 : geluF32)(x, dy, y.ptr, n, backward ? 1 : 0, tanh)
          return y.storage
        }
        const chunk = Math.ceil(n / (wasm.threads * UNITS_PER_THREAD) / 16) * 16
        const flags = (float64 ? 1 : 0) | (backward ? 2 : 0) | (tanh ? 4 : 0)
        wasm.view('int32', args, 6).set([flags, x, dy, y.ptr, n, chunk])
        module.run('geluUnit', Math.ceil(n / chunk), args)
        return y.storage
      }
    },
  }
}

/** The wasm kernels of gelu and geluBackward. */
export const geluWasm: KernelSpec[] = [geluWasmKernel('gelu'), geluWasmKernel('geluBackward')]
