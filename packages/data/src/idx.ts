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

/**
 * Decodes an uncompressed IDX file. `source` (a path or name) goes into every error message.
 *
 * @example
 * const { shape, data } = parseIdx(bytes, 'train-images-idx3-ubyte') // [60000, 28, 28], Uint8Array
 */
export function parseIdx(bytes: Uint8Array, source = 'IDX data'): IdxTensor {
  if (isGzip(bytes))
    bad(source, 'is gzip-compressed; decode it with decodeIdx() (async) or readIdxFile()')
  if (bytes.length < 4)
    bad(source, `truncated: ${bytes.length} bytes, an IDX header needs at least 4`)
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    bad(
      source,
      `bad magic number 0x${[...bytes.subarray(0, 4)].map((b) => b.toString(16).padStart(2, '0')).join('')}: IDX files start with two zero bytes`,
    )
  }
  const type = TYPES[bytes[2]]
  if (!type)
    bad(
      source,
      `unknown IDX type code 0x${bytes[2].toString(16)} (expected 0x08, 0x09, 0x0b, 0x0c, 0x0d or 0x0e)`,
    )
  const ndim = bytes[3]
  const headerBytes = 4 + 4 * ndim
  if (bytes.length < headerBytes)
    bad(
      source,
      `truncated: ${bytes.length} bytes, the header of a ${ndim}-dim file needs ${headerBytes}`,
    )
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const shape = Array.from({ length: ndim }, (_, i) => view.getUint32(4 + 4 * i))
  const count = shape.reduce((a, b) => a * b, 1)
  const expected = headerBytes + count * type.bytes
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
  let data: IdxArray
  if (type.bytes === 1) {
    data = type.make(count)
    data.set(bytes.subarray(headerBytes, expected) as unknown as ArrayLike<number>)
  } else {
    data = type.make(count)
    for (let i = 0; i < count; i++) data[i] = type.read(view, headerBytes + i * type.bytes)
  }
  return { shape, data }
}

/** Decodes an IDX file that may be gzip-compressed (uses the platform's DecompressionStream). */
export async function decodeIdx(bytes: Uint8Array, source = 'IDX data'): Promise<IdxTensor> {
  if (!isGzip(bytes)) return parseIdx(bytes, source)
  let plain: Uint8Array
  try {
    const stream = new Blob([bytes as Uint8Array<ArrayBuffer>])
      .stream()
      .pipeThrough(new DecompressionStream('gzip'))
    plain = new Uint8Array(await new Response(stream).arrayBuffer())
  } catch (e) {
    bad(source, `corrupt gzip data (${(e as Error).message})`)
  }
  return parseIdx(plain, source)
}
