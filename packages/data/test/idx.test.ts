import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { decodeIdx, parseIdx } from '../src/index'
import { readIdxFile } from '../src/node'

/** An IDX file of type `code` with big-endian `values` written by `put`. */
function idx(
  code: number,
  shape: number[],
  bytesPer: number,
  values: number[],
  put: (v: DataView, o: number, x: number) => void,
): Uint8Array {
  const header = 4 + 4 * shape.length
  const out = new Uint8Array(header + values.length * bytesPer)
  const view = new DataView(out.buffer)
  out[2] = code
  out[3] = shape.length
  shape.forEach((d, i) => view.setUint32(4 + 4 * i, d))
  values.forEach((x, i) => put(view, header + i * bytesPer, x))
  return out
}

const ubyte = (shape: number[], values: number[]) =>
  idx(0x08, shape, 1, values, (v, o, x) => v.setUint8(o, x))

describe('IDX reader', () => {
  it('decodes unsigned bytes with their shape', () => {
    const { shape, data } = parseIdx(ubyte([2, 3], [0, 1, 2, 253, 254, 255]))
    expect(shape).toEqual([2, 3])
    expect(Array.from(data)).toEqual([0, 1, 2, 253, 254, 255])
    expect(data).toBeInstanceOf(Uint8Array)
  })

  it('decodes big-endian ints and floats', () => {
    const ints = parseIdx(idx(0x0c, [3], 4, [-2, 70000, 5], (v, o, x) => v.setInt32(o, x)))
    expect(Array.from(ints.data)).toEqual([-2, 70000, 5])
    const floats = parseIdx(idx(0x0d, [2], 4, [1.5, -0.25], (v, o, x) => v.setFloat32(o, x)))
    expect(Array.from(floats.data)).toEqual([1.5, -0.25])
    const doubles = parseIdx(idx(0x0e, [1], 8, [Math.PI], (v, o, x) => v.setFloat64(o, x)))
    expect(doubles.data[0]).toBe(Math.PI)
  })

  it('rejects a bad magic number', () => {
    const bytes = ubyte([1], [7])
    bytes[0] = 0x1a
    expect(() => parseIdx(bytes, 'x.idx')).toThrow(
      'idx: x.idx: bad magic number 0x1a000801: IDX files start with two zero bytes',
    )
  })

  it('rejects an unknown type code', () => {
    const bytes = ubyte([1], [7])
    bytes[2] = 0x42
    expect(() => parseIdx(bytes, 'x.idx')).toThrow(/unknown IDX type code 0x42/)
  })

  it('rejects truncated data and trailing bytes', () => {
    const bytes = ubyte([2, 2], [1, 2, 3, 4])
    expect(() => parseIdx(bytes.subarray(0, bytes.length - 1), 'x.idx')).toThrow(
      'idx: x.idx: truncated: expected 16 bytes for ubyte data of shape [2, 2], got 15',
    )
    expect(() => parseIdx(bytes.subarray(0, 6), 'x.idx')).toThrow(
      /truncated: 6 bytes, the header of a 2-dim file needs 12/,
    )
    const longer = new Uint8Array(bytes.length + 3)
    longer.set(bytes)
    expect(() => parseIdx(longer, 'x.idx')).toThrow(/3 unexpected bytes after the data/)
  })

  it('decodes gzip-compressed files, in memory and from disk', async () => {
    const plain = ubyte([3], [9, 8, 7])
    const packed = new Uint8Array(gzipSync(plain))
    expect(() => parseIdx(packed, 'x.gz')).toThrow(/gzip-compressed/)
    expect(Array.from((await decodeIdx(packed, 'x.gz')).data)).toEqual([9, 8, 7])
    const dir = mkdtempSync(join(tmpdir(), 'idx-'))
    writeFileSync(join(dir, 'a.gz'), packed)
    expect(Array.from((await readIdxFile(join(dir, 'a.gz'))).data)).toEqual([9, 8, 7])
    writeFileSync(join(dir, 'b.gz'), packed.subarray(0, 12))
    await expect(readIdxFile(join(dir, 'b.gz'))).rejects.toThrow(
      new RegExp(`idx: ${join(dir, 'b.gz')}: corrupt gzip data`),
    )
    await expect(readIdxFile(join(dir, 'missing'))).rejects.toThrow(
      `idx: ${join(dir, 'missing')}: file not found`,
    )
  })

  it('stops decompressing a gzip once it outgrows the size its header declares', async () => {
    // A 3-element header followed by 64 MiB of zeros: about 64 KiB compressed.
    const bomb = new Uint8Array(7 + 64 * 2 ** 20)
    bomb.set(ubyte([3], [1, 2, 3]))
    const packed = new Uint8Array(gzipSync(bomb, { level: 1 }))
    const error = await decodeIdx(packed, 'bomb.gz').catch((e: Error) => e)
    expect(error).toBeInstanceOf(Error)
    expect((error as Error).message).toMatch(
      /^idx: bomb\.gz: decompresses to more than the 11 bytes its header declares \(stopped after \d+\)$/,
    )
    // It stopped within the first chunks, long before the 64 MiB were inflated.
    const stoppedAfter = Number(/stopped after (\d+)/.exec((error as Error).message)![1])
    expect(stoppedAfter).toBeLessThan(2 ** 20)
    const dir = mkdtempSync(join(tmpdir(), 'idx-'))
    writeFileSync(join(dir, 'bomb.gz'), packed)
    await expect(readIdxFile(join(dir, 'bomb.gz'))).rejects.toThrow(/decompresses to more than/)
  })

  it('rejects a header that declares more elements than a tensor can hold, before inflating', async () => {
    const huge = idx(0x08, [65536, 65536], 1, [], () => {})
    await expect(decodeIdx(new Uint8Array(gzipSync(huge)), 'huge.gz')).rejects.toThrow(
      'idx: huge.gz: the header declares shape [65536, 65536], 4294967296 elements, more than the 2147483647 one tensor can hold',
    )
  })
})
