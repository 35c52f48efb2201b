/**
 * An operator package's own WASM module, read, checked and placed in the backend's memory.
 *
 * The module shares the linear memory with the backend's module (whose static data sits at the
 * bottom, below the allocator's heap), with every other package's module and with every tensor.
 * AssemblyScript gives a module's static data (Math's lookup tables, `memory.data`, strings)
 * fixed addresses, so a package builds its module with `buildPackageModule`
 * (`@othergrad/backend-wasm/build`, scripts/linkModule.mjs), which makes those addresses
 * relocatable: the module carries its static data as an image and the positions of every
 * address in its code and data (the `othergrad.static` section). Here the image is copied into
 * a block the allocator reserves and every address is rewritten for that block, so the module
 * can never write outside memory it was given. A module with data at fixed addresses, its own
 * memory, a start function or imports other than `env.memory` and `env.abort` is refused with
 * an error that names the package and the fix.
 */

const SECTION = { custom: 0, import: 2, memory: 5, start: 8, data: 11 } as const
const STATIC_SECTION = 'othergrad.static'
const STATIC_VERSION = 1
/**
 * Relocation kinds (scripts/linkModule.mjs): 0 an `i32.const` (signed), 1 a load/store offset
 * (unsigned), 2 a negated `i32.const` (`x - (-address)`).
 */
const OFFSET = 1
const NEGATED = 2

/** A package module as shipped: its bytes or their base64. */
export type ModuleBytes = Uint8Array | string

/** A package module, read and checked, not yet placed. */
export interface PackageBinary {
  /** The package's name, for errors. */
  readonly name: string
  readonly bytes: Uint8Array
  /** Whether it imports a shared memory (the threads build). */
  readonly shared: boolean
  /** Whether it imports `env.abort` (AssemblyScript's assertions, without `--use abort=`). */
  readonly importsAbort: boolean
  /** The static data and where its addresses are (empty for a module with none). */
  readonly image: Uint8Array
  readonly base: number
  readonly codeRelocs: readonly { readonly at: number; readonly kind: number }[]
  readonly dataWords: readonly number[]
}

class Reader {
  pos: number
  constructor(
    readonly bytes: Uint8Array,
    pos: number,
  ) {
    this.pos = pos
  }
  u8(): number {
    if (this.pos >= this.bytes.length) throw new Error('unexpected end of the module')
    return this.bytes[this.pos++]
  }
  u32(): number {
    let result = 0
    let shift = 0
    for (;;) {
      const byte = this.u8()
      result += (byte & 0x7f) * 2 ** shift
      shift += 7
      if ((byte & 0x80) === 0) return result
    }
  }
  name(): string {
    const n = this.u32()
    const text = new TextDecoder().decode(this.bytes.subarray(this.pos, this.pos + n))
    this.pos += n
    return text
  }
}

export function decodeBase64(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64)
  const bytes = new Uint8Array(text.length)
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i)
  return bytes
}

const BUILD_HINT =
  "build it with buildPackageModule from '@othergrad/backend-wasm/build' (see backend-wasm's README, 'Kernels in operator packages')"

/** Reads and checks `source`; throws naming `name` when the module cannot share the memory. */
export function readPackageBinary(name: string, source: ModuleBytes): PackageBinary {
  const bytes = typeof source === 'string' ? decodeBase64(source) : source
  const refuse = (why: string): never => {
    throw new Error(`wasm: the module of '${name}' ${why}`)
  }
  const magic = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]
  if (bytes.length < 8 || magic.some((b, i) => bytes[i] !== b)) {
    refuse('is not a WebAssembly module (expected its bytes or their base64)')
  }
  let shared: boolean | undefined
  let importsAbort = false
  let found: Omit<PackageBinary, 'name' | 'bytes' | 'shared' | 'importsAbort'> = {
    image: new Uint8Array(0),
    base: 0,
    codeRelocs: [],
    dataWords: [],
  }
  const r = new Reader(bytes, 8)
  while (r.pos < bytes.length) {
    const id = r.u8()
    const end = r.u32() + r.pos
    if (id === SECTION.import) {
      for (let n = r.u32(); n > 0; n--) {
        const what = `${r.name()}.${r.name()}`
        const kind = r.u8()
        if (kind === 2 && what === 'env.memory') {
          const flags = r.u8()
          r.u32()
          if (flags & 1) r.u32()
          shared = (flags & 2) !== 0
        } else if (kind === 0 && what === 'env.abort') {
          r.u32()
          importsAbort = true
        } else {
          refuse(`imports ${what}; a package module may import only env.memory and env.abort`)
        }
      }
    } else if (id === SECTION.memory) {
      refuse('defines its own memory; compile it with --importMemory (buildPackageModule does)')
    } else if (id === SECTION.start) {
      refuse(
        'has a start function (top-level code, or the runtime allocator), which would run on every thread and allocate in memory the backend owns; ' +
          BUILD_HINT,
      )
    } else if (id === SECTION.data) {
      if (r.u32() > 0) {
        refuse(
          `has static data at fixed addresses, which would overwrite the backend's own data and tensors; ${BUILD_HINT}`,
        )
      }
    } else if (id === SECTION.custom && r.name() === STATIC_SECTION) {
      found = readStatic(r, end, refuse)
    }
    r.pos = end
  }
  if (shared === undefined) {
    refuse('does not import its memory as env.memory; compile it with --importMemory')
  }
  return { name, bytes, shared: shared!, importsAbort, ...found }
}

function readStatic(
  r: Reader,
  end: number,
  refuse: (why: string) => never,
): Omit<PackageBinary, 'name' | 'bytes' | 'shared' | 'importsAbort'> {
  const version = r.u32()
  if (version !== STATIC_VERSION) {
    refuse(
      `was linked for static-data format ${version}; this backend reads format ${STATIC_VERSION} (rebuild the package with this version of @othergrad/backend-wasm)`,
    )
  }
  const base = r.u32()
  const size = r.u32()
  const codeRelocs = Array.from({ length: r.u32() }, () => ({ at: r.u32(), kind: r.u8() }))
  const dataWords = Array.from({ length: r.u32() }, () => r.u32())
  if (end - r.pos !== size) refuse('has a damaged static-data section')
  return { image: r.bytes.subarray(r.pos, end), base, codeRelocs, dataWords }
}

/**
 * The module's bytes with every address rewritten for static data at `region` (a 64-byte
 * aligned block of at least `image.length` bytes); a module without static data as it is.
 */
export function relocate(binary: PackageBinary, region: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(binary.bytes)
  const shift = region - binary.base
  for (const { at, kind } of binary.codeRelocs) {
    const value = readPadded(bytes, at, kind !== OFFSET)
    const moved = kind === NEGATED ? value - shift : value + shift
    writePadded(bytes, at, moved, kind !== OFFSET)
  }
  return bytes
}

/** Copies the static data into `region` of `memory` and moves its addresses there. */
export function placeStatic(binary: PackageBinary, u8: Uint8Array, region: number): void {
  u8.set(binary.image, region)
  const view = new DataView(u8.buffer, u8.byteOffset)
  const shift = region - binary.base
  for (const at of binary.dataWords) {
    view.setUint32(region + at, view.getUint32(region + at, true) + shift, true)
  }
}

function readPadded(bytes: Uint8Array, at: number, signed: boolean): number {
  let value = 0
  for (let i = 0; i < 5; i++) value += (bytes[at + i] & 0x7f) * 2 ** (7 * i)
  // 35 bits were read; a signed value keeps its low 32 as two's complement.
  return signed ? value | 0 : value >>> 0
}

function writePadded(bytes: Uint8Array, at: number, value: number, signed: boolean): void {
  let v = signed ? value | 0 : value >>> 0
  for (let i = 0; i < 5; i++) {
    const low = signed ? v & 0x7f : v % 128
    v = signed ? v >> 7 : Math.floor(v / 128)
    bytes[at + i] = i < 4 ? low | 0x80 : low & 0x7f
  }
}

/**
 * AssemblyScript's `abort(message, file, line, column)` for a package's module: reads the two
 * strings (UTF-16, byte length in the word before) and throws naming the package.
 */
export function abortImport(name: string, memory: WebAssembly.Memory) {
  const text = (ptr: number): string => {
    if (ptr === 0) return ''
    const bytes = new Uint8Array(memory.buffer)
    const length = new DataView(memory.buffer).getUint32(ptr - 4, true)
    // Copied first: TextDecoder refuses views of a shared buffer.
    return new TextDecoder('utf-16le').decode(bytes.slice(ptr, ptr + length))
  }
  return (message: number, file: number, line: number, column: number): never => {
    const where = file === 0 ? '' : ` (${text(file)}:${line}:${column})`
    throw new Error(`wasm: the module of '${name}' aborted: ${text(message) || 'abort()'}${where}`)
  }
}

/**
 * A module's exported functions in the order of its export section, which every thread reads
 * the same way: a package job names its unit function by position in this list.
 */
export function functionExports(
  module: WebAssembly.Module,
  instance: WebAssembly.Instance,
): { names: string[]; functions: ((...args: number[]) => unknown)[] } {
  const names = WebAssembly.Module.exports(module)
    .filter((e) => e.kind === 'function')
    .map((e) => e.name)
  const functions = names.map((n) => instance.exports[n] as (...args: number[]) => unknown)
  return { names, functions }
}
