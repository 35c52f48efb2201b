/**
 * The safetensors format, byte-compatible with the reference implementation that PyTorch's
 * `safetensors` package uses: an 8-byte little-endian header length, a JSON header (optional
 * `__metadata__` first, then each tensor's `dtype`, `shape` and `data_offsets`, in data order),
 * padded with spaces to a multiple of 8 bytes, then the raw little-endian data, tensors sorted by
 * descending dtype and then by name. Works on ArrayBuffers, so it runs in browsers too; file
 * helpers are in `@othergrad/nn/node`.
 */
import { checkOptionKeys, tensor, type Tensor } from '@othergrad/core'

// TYPES

/** Element types the format names. othergrad writes F32, F64, I32, I16, I8, U8 and BOOL and reads them all. */
export type SafetensorsDType =
  | 'BOOL'
  | 'U8'
  | 'I8'
  | 'I16'
  | 'U16'
  | 'F16'
  | 'BF16'
  | 'I32'
  | 'U32'
  | 'F32'
  | 'F64'
  | 'I64'
  | 'U64'

/** One tensor's entry in a safetensors header: dtype, shape and byte range. */
export interface SafetensorsTensorInfo {
  dtype: SafetensorsDType
  shape: number[]
  /** Byte range `[begin, end)` inside the data section. */
  dataOffsets: [number, number]
}

/** A safetensors file's header: its tensors by name, and the optional string metadata. */
export interface SafetensorsHeader {
  /** Free-form string metadata (`__metadata__`), or null when the file has none. */
  metadata: Record<string, string> | null
  /** Tensor descriptions, in data order. */
  tensors: Record<string, SafetensorsTensorInfo>
  /** Bytes before the data section: 8 plus the JSON header's length. */
  dataStart: number
}

/** `loadSafetensors`'s options. */
export interface LoadSafetensorsOptions {
  /** Backend for the loaded tensors; defaults to the active one. */
  backend?: string
}

// CONSTANTS

/** The reference implementation refuses headers above 100 MB. */
const MAX_HEADER_SIZE = 100_000_000

const ITEM_SIZE: Record<SafetensorsDType, number> = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  U32: 4,
  F32: 4,
  F64: 8,
  I64: 8,
  U64: 8,
}

/** The reference's dtype order; files list larger-aligned dtypes first. */
const DTYPE_ORDER: Record<string, number> = {
  BOOL: 0,
  U8: 1,
  I8: 2,
  I16: 5,
  U16: 6,
  F16: 7,
  BF16: 8,
  I32: 9,
  U32: 10,
  F32: 11,
  F64: 12,
  I64: 13,
  U64: 14,
}

const WRITE_DTYPE = {
  float32: 'F32',
  float64: 'F64',
  int32: 'I32',
  int16: 'I16',
  int8: 'I8',
  uint8: 'U8',
  bool: 'BOOL',
} as const

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1

// WRITING

/**
 * Serialises named tensors to safetensors bytes, like `safetensors.torch.save`. Keys are kept as
 * given (state-dict keys are dotted: `fc1.weight`).
 *
 * @example
 * const bytes = await saveSafetensors(model.stateDict())
 */
export async function saveSafetensors(
  tensors: Record<string, Tensor>,
  metadata?: Record<string, string> | null,
): Promise<Uint8Array> {
  if (tensors === null || typeof tensors !== 'object') {
    throw new Error('saveSafetensors: expected an object mapping names to tensors')
  }
  if (metadata) {
    for (const [k, v] of Object.entries(metadata)) {
      if (typeof v !== 'string')
        throw new Error(
          `saveSafetensors: metadata values must be strings, got ${typeof v} for '${k}'`,
        )
    }
  }
  const entries = Object.entries(tensors).map(([name, t]) => {
    if (name === '__metadata__')
      throw new Error(
        "saveSafetensors: '__metadata__' is reserved for the metadata and cannot name a tensor",
      )
    if (!t || typeof t !== 'object' || !('dtype' in t) || !('shape' in t)) {
      throw new Error(`saveSafetensors: '${name}' is not a Tensor`)
    }
    return { name, tensor: t, dtype: WRITE_DTYPE[t.dtype] as SafetensorsDType }
  })
  entries.sort(
    (a, b) => DTYPE_ORDER[b.dtype] - DTYPE_ORDER[a.dtype] || compareCodePoints(a.name, b.name),
  )

  const parts: string[] = []
  if (metadata) parts.push(`"__metadata__":${JSON.stringify(metadata)}`)
  let offset = 0
  for (const e of entries) {
    const bytes = e.tensor.size * ITEM_SIZE[e.dtype]
    parts.push(
      `${JSON.stringify(e.name)}:{"dtype":"${e.dtype}","shape":${JSON.stringify([...e.tensor.shape])},"data_offsets":[${offset},${offset + bytes}]}`,
    )
    offset += bytes
  }
  let header = new TextEncoder().encode(`{${parts.join(',')}}`)
  const padded = Math.ceil(header.length / 8) * 8
  if (padded !== header.length) {
    const withSpaces = new Uint8Array(padded).fill(0x20)
    withSpaces.set(header)
    header = withSpaces
  }

  const out = new Uint8Array(8 + header.length + offset)
  new DataView(out.buffer).setBigUint64(0, BigInt(header.length), true)
  out.set(header, 8)
  let at = 8 + header.length
  for (const e of entries) {
    const values = await e.tensor.data()
    out.set(toLittleEndianBytes(values), at)
    at += values.length * ITEM_SIZE[e.dtype]
  }
  return out
}

function toLittleEndianBytes(values: ArrayBufferView): Uint8Array {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength)
  if (LITTLE_ENDIAN) return bytes
  const size = (values as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT
  const swapped = new Uint8Array(bytes.length)
  for (let i = 0; i < bytes.length; i += size) {
    for (let j = 0; j < size; j++) swapped[i + j] = bytes[i + size - 1 - j]
  }
  return swapped
}

/** Rust's `String` order (bytewise UTF-8), which is code-point order. */
function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]()
  const ib = b[Symbol.iterator]()
  while (true) {
    const x = ia.next()
    const y = ib.next()
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1
    const d = x.value.codePointAt(0)! - y.value.codePointAt(0)!
    if (d !== 0) return d
  }
}

// READING

function corrupt(message: string): never {
  throw new Error(`safetensors: ${message}; the file is truncated or corrupt`)
}

function asBytes(buffer: ArrayBuffer | ArrayBufferView): Uint8Array {
  if (buffer instanceof Uint8Array) return buffer
  if (ArrayBuffer.isView(buffer))
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
  if (buffer instanceof ArrayBuffer) return new Uint8Array(buffer)
  throw new Error(
    `safetensors: expected an ArrayBuffer or a typed array, got ${buffer === null ? 'null' : typeof buffer}`,
  )
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0
}

/**
 * Parses and validates a safetensors header without reading any tensor data: every tensor's
 * byte range must be in order, gap-free, sized by its dtype and shape, and end exactly at the
 * end of the buffer.
 */
export function readSafetensorsHeader(buffer: ArrayBuffer | ArrayBufferView): SafetensorsHeader {
  const bytes = asBytes(buffer)
  if (bytes.length < 8) corrupt(`${bytes.length} bytes is too small for the 8-byte header length`)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const n = view.getBigUint64(0, true)
  if (n > BigInt(MAX_HEADER_SIZE))
    corrupt(`the header length (${n} bytes) is larger than the 100 MB limit`)
  const headerLength = Number(n)
  if (8 + headerLength > bytes.length) {
    corrupt(`the header needs ${headerLength} bytes but only ${bytes.length - 8} follow the length`)
  }
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLength))
  } catch {
    corrupt('the header is not valid UTF-8')
  }
  if (!text.startsWith('{')) corrupt("the header does not start with '{'")
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (e) {
    corrupt(`the header is not valid JSON (${(e as Error).message})`)
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    corrupt('the header is not a JSON object')
  // JSON.parse keeps the last of two equal keys; a file that names a tensor (or __metadata__)
  // twice is ambiguous, and is rejected instead.
  const duplicate = findDuplicateKey(text)
  if (duplicate !== undefined) corrupt(`the header names ${JSON.stringify(duplicate)} twice`)

  let metadata: Record<string, string> | null = null
  const infos: [string, SafetensorsTensorInfo][] = []
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (
        value === null ||
        typeof value !== 'object' ||
        Array.isArray(value) ||
        Object.values(value).some((v) => typeof v !== 'string')
      ) {
        corrupt('__metadata__ must map strings to strings')
      }
      metadata = value as Record<string, string>
      continue
    }
    const info = value as { dtype?: unknown; shape?: unknown; data_offsets?: unknown }
    if (info === null || typeof info !== 'object')
      corrupt(`the entry for '${name}' is not an object`)
    if (typeof info.dtype !== 'string' || !Object.hasOwn(ITEM_SIZE, info.dtype)) {
      throw new Error(
        `safetensors: tensor '${name}' has unsupported dtype ${JSON.stringify(info.dtype)}; othergrad reads ${Object.keys(ITEM_SIZE).join(', ')}`,
      )
    }
    if (!Array.isArray(info.shape) || !info.shape.every(isCount))
      corrupt(`tensor '${name}' has an invalid shape ${JSON.stringify(info.shape)}`)
    const offsets = info.data_offsets
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) {
      corrupt(`tensor '${name}' has invalid data_offsets ${JSON.stringify(offsets)}`)
    }
    infos.push([
      name,
      {
        dtype: info.dtype as SafetensorsDType,
        shape: info.shape as number[],
        dataOffsets: [offsets[0], offsets[1]],
      },
    ])
  }

  infos.sort(
    ([, a], [, b]) => a.dataOffsets[0] - b.dataOffsets[0] || a.dataOffsets[1] - b.dataOffsets[1],
  )
  let end = 0
  for (const [name, info] of infos) {
    const [begin, stop] = info.dataOffsets
    if (begin !== end || stop < begin)
      corrupt(`tensor '${name}' has data_offsets [${begin}, ${stop}], expected to start at ${end}`)
    const expected = info.shape.reduce((a, d) => a * d, 1) * ITEM_SIZE[info.dtype]
    if (stop - begin !== expected) {
      corrupt(
        `tensor '${name}' (${info.dtype}, shape [${info.shape.join(', ')}]) needs ${expected} bytes but its data_offsets span ${stop - begin}`,
      )
    }
    end = stop
  }
  const dataStart = 8 + headerLength
  if (dataStart + end !== bytes.length) {
    corrupt(
      `the header describes ${end} bytes of tensor data but ${bytes.length - dataStart} bytes follow it`,
    )
  }
  return { metadata, tensors: Object.fromEntries(infos), dataStart }
}

/**
 * Loads every tensor of a safetensors buffer, like `safetensors.torch.load`. F32, F64, I32, I16,
 * I8, U8 and BOOL load as they are; F16/BF16 widen to float32; U16, U32, I64 and U64 become
 * int32 (an error if a value does not fit). The whole buffer is validated first: a truncated or corrupt file throws
 * and never yields a partial result.
 *
 * @example
 * model.loadStateDict(loadSafetensors(await (await fetch('model.safetensors')).arrayBuffer()))
 */
export function loadSafetensors(
  buffer: ArrayBuffer | ArrayBufferView,
  options: LoadSafetensorsOptions = {},
): Record<string, Tensor> {
  checkOptionKeys('loadSafetensors', options, ['backend'])
  const bytes = asBytes(buffer)
  const header = readSafetensorsHeader(bytes)
  const decoded = Object.entries(header.tensors).map(([name, info]) => {
    const begin = header.dataStart + info.dataOffsets[0]
    const view = new DataView(
      bytes.buffer,
      bytes.byteOffset + begin,
      info.dataOffsets[1] - info.dataOffsets[0],
    )
    return [name, info, decode(name, info, view)] as const
  })
  const out: Record<string, Tensor> = {}
  for (const [name, info, { values, dtype }] of decoded) {
    const t = tensor(values, {
      shape: info.shape,
      dtype,
      ...(options.backend ? { backend: options.backend } : {}),
    })
    // Defined, not assigned: a tensor named "__proto__" is an entry like any other, not the
    // result's prototype.
    Object.defineProperty(out, name, {
      value: t,
      enumerable: true,
      writable: true,
      configurable: true,
    })
  }
  return out
}

/**
 * The first key that appears twice in one object of valid JSON `text`, decoded (so `"a"` and
 * `"\u0061"` are the same key), or undefined.
 */
function findDuplicateKey(text: string): string | undefined {
  // One set of keys per open object; arrays hold null.
  const open: (Set<string> | null)[] = []
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === '{') open.push(new Set())
    else if (c === '[') open.push(null)
    else if (c === '}' || c === ']') open.pop()
    else if (c === '"') {
      let j = i + 1
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1
      let k = j + 1
      while (k < text.length && /\s/.test(text[k])) k++
      const keys = open[open.length - 1]
      if (text[k] === ':' && keys) {
        const key = JSON.parse(text.slice(i, j + 1)) as string
        if (keys.has(key)) return key
        keys.add(key)
      }
      i = j
    }
  }
  return undefined
}

type Decoded = {
  values: Float32Array | Float64Array | Int32Array | Int16Array | Int8Array | Uint8Array
  dtype: 'float32' | 'float64' | 'int32' | 'int16' | 'int8' | 'uint8' | 'bool'
}

function decode(name: string, info: SafetensorsTensorInfo, view: DataView): Decoded {
  const count = info.shape.reduce((a, d) => a * d, 1)
  const ints = (read: (i: number) => number | bigint): Decoded => {
    const values = new Int32Array(count)
    for (let i = 0; i < count; i++) {
      const v = read(i)
      if (v < -2147483648 || v > 2147483647) {
        throw new Error(
          `safetensors: tensor '${name}' (${info.dtype}) holds ${v} at index ${i}, which does not fit in int32`,
        )
      }
      values[i] = Number(v)
    }
    return { values, dtype: 'int32' }
  }
  switch (info.dtype) {
    case 'F32': {
      const values = new Float32Array(count)
      for (let i = 0; i < count; i++) values[i] = view.getFloat32(i * 4, true)
      return { values, dtype: 'float32' }
    }
    case 'F64': {
      const values = new Float64Array(count)
      for (let i = 0; i < count; i++) values[i] = view.getFloat64(i * 8, true)
      return { values, dtype: 'float64' }
    }
    case 'F16':
    case 'BF16': {
      const values = new Float32Array(count)
      const widen = info.dtype === 'F16' ? halfToFloat : (h: number) => bfloatToFloat(h)
      for (let i = 0; i < count; i++) values[i] = widen(view.getUint16(i * 2, true))
      return { values, dtype: 'float32' }
    }
    case 'BOOL': {
      const values = new Uint8Array(count)
      for (let i = 0; i < count; i++) values[i] = view.getUint8(i) === 0 ? 0 : 1
      return { values, dtype: 'bool' }
    }
    case 'I32':
      return ints((i) => view.getInt32(i * 4, true))
    // The narrow integers keep their type, as PyTorch's loader keeps it.
    case 'U8': {
      const values = new Uint8Array(count)
      for (let i = 0; i < count; i++) values[i] = view.getUint8(i)
      return { values, dtype: 'uint8' }
    }
    case 'I8': {
      const values = new Int8Array(count)
      for (let i = 0; i < count; i++) values[i] = view.getInt8(i)
      return { values, dtype: 'int8' }
    }
    case 'I16': {
      const values = new Int16Array(count)
      for (let i = 0; i < count; i++) values[i] = view.getInt16(i * 2, true)
      return { values, dtype: 'int16' }
    }
    case 'U16':
      return ints((i) => view.getUint16(i * 2, true))
    case 'U32':
      return ints((i) => view.getUint32(i * 4, true))
    case 'I64':
      return ints((i) => view.getBigInt64(i * 8, true))
    case 'U64':
      return ints((i) => view.getBigUint64(i * 8, true))
  }
}

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1
  const exponent = (h >> 10) & 0x1f
  const fraction = h & 0x3ff
  if (exponent === 0) return sign * fraction * 2 ** -24
  if (exponent === 0x1f) return fraction ? NaN : sign * Infinity
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15)
}

const scratch = new Float32Array(1)
const scratchBits = new Uint32Array(scratch.buffer)

/** bfloat16 is the top half of a float32. */
function bfloatToFloat(h: number): number {
  scratchBits[0] = h << 16
  return scratch[0]
}
