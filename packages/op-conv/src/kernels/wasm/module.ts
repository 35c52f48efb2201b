/**
 * op-conv's AssemblyScript module on a wasm backend: compiled once per program (the plain or the
 * shared-memory build, whichever matches the backend's memory) and instantiated on that memory,
 * where it owns nothing (no static data); its scratch comes from the backend's allocator.
 */
import type { WasmKernelApi } from '@othergrad/backend-wasm'
import type { Backend } from '@othergrad/core'
import type { Storage } from '@othergrad/core/backend'
import type { WindowAttrs } from '../../geometry'
import { CONV_WASM, CONV_WASM_THREADS } from '../../generated/convWasm'

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
}

/** The unit functions a job can run. */
export type UnitName = 'conv2dUnit' | 'inputGradUnit' | 'weightGradUnit'

/**
 * Runs `units` units of an exported unit function, phase by phase (`phaseUnits`): on the calling
 * thread, in order (the units' split is the same one a thread pool would share out).
 */
export function runUnits(
  exports: ConvExports,
  unit: UnitName,
  units: number,
  args: number,
  phaseUnits = 0,
): void {
  void phaseUnits // in order on one thread, every phase follows the one before it
  const fn = exports[unit]
  for (let i = 0; i < units; i++) fn(i, args, 0)
}

/** Threads a job's units spread over (per-thread scratch is sized for this many). */
export const THREADS = 1

const compiled = new Map<boolean, Promise<WebAssembly.Module>>()

function decode(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64)
  const bytes = new Uint8Array(text.length)
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i)
  return bytes
}

const instances = new WeakMap<WebAssembly.Memory, Promise<ConvExports>>()

/** The module instantiated on `wasm`'s memory (once per memory, shared by every kernel). */
export function convModule(wasm: WasmKernelApi): Promise<ConvExports> {
  let instance = instances.get(wasm.memory)
  if (instance === undefined) {
    const shared =
      typeof SharedArrayBuffer !== 'undefined' && wasm.memory.buffer instanceof SharedArrayBuffer
    let module = compiled.get(shared)
    if (module === undefined) {
      module = WebAssembly.compile(decode(shared ? CONV_WASM_THREADS : CONV_WASM))
      compiled.set(shared, module)
    }
    instance = module
      .then((m) => WebAssembly.instantiate(m, { env: { memory: wasm.memory } }))
      .then((i) => i.exports as unknown as ConvExports)
    instances.set(wasm.memory, instance)
  }
  return instance
}

/** Temporary blocks from the backend's allocator, all released by `release()`. */
export class Scratch {
  private readonly held: Storage[] = []

  constructor(
    private readonly wasm: WasmKernelApi,
    private readonly backend: Backend,
  ) {}

  /** `bytes` of scratch (rounded up to whole words); returns its address. */
  bytes(bytes: number): number {
    const { storage, ptr } = this.wasm.alloc('float32', Math.max(1, Math.ceil(bytes / 4)))
    this.held.push(storage)
    return ptr
  }

  /** An argument block of 32-bit words (addresses and sizes), written to scratch. */
  words(values: readonly number[]): number {
    const ptr = this.bytes(values.length * 4)
    this.wasm.view('int32', ptr, values.length).set(values.map((v) => v | 0))
    return ptr
  }

  /** The 16 geometry words the kernels read (assembly/im2col.ts's layout), written to scratch. */
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
    const ptr = this.bytes(64)
    const words = this.wasm.view('int32', ptr, 16)
    words.set([
      channels,
      h,
      w,
      a.kernel[0],
      a.kernel[1],
      a.stride[0],
      a.stride[1],
      a.padBefore[0],
      a.padBefore[1],
      a.dilation[0],
      a.dilation[1],
      oh,
      ow,
      n,
      groups,
      out,
    ])
    return ptr
  }

  release(): void {
    for (const s of this.held) this.backend.disposeStorage(s)
    this.held.length = 0
  }
}
