/**
 * op-conv's AssemblyScript module on a wasm backend, through the backend's kernel-author API:
 * instantiated on its memory (one instance per backend for every kernel here), scratch and
 * argument blocks from its allocator, and each kernel run as a job of units on its threads.
 */
import type { WasmKernelApi, WasmPackageModule } from '@othergrad/backend-wasm'
import type { WindowAttrs } from '../../geometry'
import { CONV_WASM } from '../../generated/convWasm'

/** The module's exports (assembly/index.ts); pointers are byte addresses. */
export interface ConvExports {
  conv2dPack(w: number, p: number, ap: number): void
  conv2dPackBytes(p: number): number
  conv2dScratch(p: number): number
  conv2dUnit(i: number, args: number, thread: number): void
  inputGradPack(w: number, p: number, ap: number): void
  inputGradPackBytes(p: number): number
  inputGradScratch(p: number): number
  inputGradUnit(i: number, args: number, thread: number): void
  weightGradScratch(p: number): number
  weightGradUnit(i: number, args: number, thread: number): void
  maxPool2dF32(x: number, values: number, indices: number, p: number, q0: number, q1: number): void
  maxPool2dUnit(i: number, args: number, thread: number): void
}

export type ConvModule = WasmPackageModule<ConvExports>

/** The module on `wasm`'s backend (the same instance for every kernel of this package). */
export function convModule(wasm: WasmKernelApi): Promise<ConvModule> {
  return wasm.instantiate<ConvExports>('@othergrad/op-conv', CONV_WASM)
}

/** Blocks from the backend's allocator for one kernel call, all returned by `release()`. */
export class Scratch {
  private readonly held: number[] = []

  constructor(private readonly wasm: WasmKernelApi) {}

  /** `bytes` of scratch; returns its address. */
  bytes(bytes: number): number {
    const ptr = this.wasm.allocBytes(Math.max(4, bytes))
    this.held.push(ptr)
    return ptr
  }

  /** An argument block of 32-bit words (addresses and sizes). */
  words(values: readonly number[]): number {
    const ptr = this.bytes(values.length * 4)
    this.wasm.view('int32', ptr, values.length).set(values.map((v) => v | 0))
    return ptr
  }

  /** The 16 geometry words the kernels read (assembly/im2col.ts's layout). */
  params(
    channels: number,
    h: number,
    w: number,
    a: WindowAttrs,
    oh: number,
    ow: number,
    n: number,
    groups: number,
    out: number,
  ): number {
    // prettier-ignore
    return this.words([
      channels, h, w, a.kernel[0], a.kernel[1], a.stride[0], a.stride[1], a.padBefore[0],
      a.padBefore[1], a.dilation[0], a.dilation[1], oh, ow, n, groups, out,
    ])
  }

  release(): void {
    for (const ptr of this.held) this.wasm.free(ptr)
    this.held.length = 0
  }
}
