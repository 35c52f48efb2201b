/**
 * The IDX format (MNIST's): two zero bytes, a type code, the number of dims, then one big-endian
 * uint32 per dim, then the values, big-endian.
 */
export type IdxArray =
  | Uint8Array
  | Int8Array
  | Int16Array
  | Int32Array
  | Float32Array
  | Float64Array

/** A decoded IDX file: its shape and its values, row-major, in a typed array of the file's type. */
export interface IdxTensor {
  shape: number[]
  data: IdxArray
}

interface IdxType {
  name: string
  bytes: number
  make: (n: number) => IdxArray
  read: (view: DataView, offset: number) => number
}

const TYPES: Record<number, IdxType> = {
  0x08: { name: 'ubyte', bytes: 1, make: (n) => new Uint8Array(n), read: (v, o) => v.getUint8(o) },
  0x09: { name: 'byte', bytes: 1, make: (n) => new Int8Array(n), read: (v, o) => v.getInt8(o) },
  0x0b: { name: 'short', bytes: 2, make: (n) => new Int16Array(n), read: (v, o) => v.getInt16(o) },
  0x0c: { name: 'int', bytes: 4, make: (n) => new Int32Array(n), read: (v, o) => v.getInt32(o) },
  0x0d: {
    name: 'float',
    bytes: 4,
    make: (n) => new Float32Array(n),
    read: (v, o) => v.getFloat32(o),
  },
  0x0e: {
    name: 'double',
    bytes: 8,
    make: (n) => new Float64Array(n),
    read: (v, o) => v.getFloat64(o),
  },
}

/** Whether `bytes` start with the gzip magic number. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b
}

function bad(source: string, what: string): never {
  throw new Error(`idx: ${source}: ${what}`)
}

/** The most elements one tensor may hold (core's limit: kernels index with 32-bit integers). */
const MAX_ELEMENTS = 2 ** 31 - 1

interface IdxHeader {
  type: IdxType
  shape: number[]
  count: number
  /** Bytes of the header. */
  headerBytes: number
  /** Bytes of the whole file the header describes. */
  totalBytes: number
}

/**
 * Reads the header at the start of `bytes`, or returns undefined when more bytes are needed to
 * see all of it. Throws for a bad magic number, an unknown type or an impossible size.
 */
function readHeader(bytes: Uint8Array, source: string): IdxHeader | undefined {
  if (bytes.length >= 2 && (bytes[0] !== 0 || bytes[1] !== 0)) {
    bad(
      source,
      `bad magic number 0x${[...bytes.subarray(0, 4)].map((b) => b.toString(16).padStart(2, '0')).join('')}: IDX files start with two zero bytes`,
    )
  }
  if (bytes.length < 4) return undefined
  const type = TYPES[bytes[2]]
  if (!type)
    bad(
      source,
      `unknown IDX type code 0x${bytes[2].toString(16)} (expected 0x08, 0x09, 0x0b, 0x0c, 0x0d or 0x0e)`,
    )
  const ndim = bytes[3]
  const headerBytes = 4 + 4 * ndim
  if (bytes.length < headerBytes) return undefined
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const shape = Array.from({ length: ndim }, (_, i) => view.getUint32(4 + 4 * i))
  const count = shape.reduce((a, b) => a * b, 1)
  if (count > MAX_ELEMENTS) {
    bad(
      source,
      `the header declares shape [${shape.join(', ')}], ${count} elements, more than the ${MAX_ELEMENTS} one tensor can hold`,
    )
  }
  return { type, shape, count, headerBytes, totalBytes: headerBytes + count * type.bytes }
}

/**
 * Decodes an uncompressed IDX file. `source` (a path or name) goes into every error message.
 *
 * @example
 * const { shape, data } = parseIdx(bytes, 'train-images-idx3-ubyte') // [60000, 28, 28], Uint8Array
 */
export function parseIdx(bytes: Uint8Array, source = 'IDX data'): IdxTensor {
  if (isGzip(bytes))
    bad(source, 'is gzip-compressed; decode it with decodeIdx() (async) or readIdxFile()')
  const header = readHeader(bytes, source)
  if (header === undefined) {
    const ndim = bytes.length >= 4 ? bytes[3] : undefined
    bad(
      source,
      ndim === undefined
        ? `truncated: ${bytes.length} bytes, an IDX header needs at least 4`
        : `truncated: ${bytes.length} bytes, the header of a ${ndim}-dim file needs ${4 + 4 * ndim}`,
    )
  }
  const { type, shape, count, headerBytes, totalBytes: expected } = header
  if (bytes.length < expected) {
    bad(
      source,
      `truncated: expected ${expected} bytes for ${type.name} data of shape [${shape.join(', ')}], got ${bytes.length}`,
    )
  }
  if (bytes.length > expected)
    bad(
      source,
      `${bytes.length - expected} unexpected bytes after the data of shape [${shape.join(', ')}]`,
    )
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const data = type.make(count)
  if (type.bytes === 1) {
    data.set(bytes.subarray(headerBytes, expected) as unknown as ArrayLike<number>)
  } else {
    for (let i = 0; i < count; i++) data[i] = type.read(view, headerBytes + i * type.bytes)
  }
  return { shape, data }
}

/**
 * Decodes an IDX file that may be gzip-compressed (uses the platform's DecompressionStream).
 * Decompression stops as soon as the output is longer than its header declares, so a small
 * compressed file cannot expand into gigabytes before it is rejected.
 */
export async function decodeIdx(bytes: Uint8Array, source = 'IDX data'): Promise<IdxTensor> {
  if (!isGzip(bytes)) return parseIdx(bytes, source)
  return parseIdx(await gunzipIdx(bytes, source), source)
}

/** Gunzips an IDX file into one buffer of the size its header declares, and no further. */
async function gunzipIdx(bytes: Uint8Array, source: string): Promise<Uint8Array> {
  const reader = new Blob([bytes as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new DecompressionStream('gzip'))
    .getReader()
  // Until the header is complete the output is collected in `head`; then it goes into `out`.
  let head = new Uint8Array(0)
  let out: Uint8Array | undefined
  let filled = 0
  try {
    for (;;) {
      let chunk: Uint8Array
      try {
        const next = await reader.read()
        if (next.done) break
        chunk = next.value
      } catch (e) {
        bad(source, `corrupt gzip data (${(e as Error).message})`)
      }
      if (out === undefined) {
        const joined = new Uint8Array(head.length + chunk.length)
        joined.set(head)
        joined.set(chunk, head.length)
        head = joined
        const header = readHeader(head, source)
        if (header === undefined) continue
        out = new Uint8Array(header.totalBytes)
        chunk = head
      }
      if (filled + chunk.length > out.length) {
        bad(
          source,
          `decompresses to more than the ${out.length} bytes its header declares (stopped after ${filled + chunk.length})`,
        )
      }
      out.set(chunk, filled)
      filled += chunk.length
    }
  } finally {
    reader.cancel().catch(() => {})
  }
  return out === undefined ? head : out.subarray(0, filled)
}
