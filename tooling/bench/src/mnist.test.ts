import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { gatherBatch, loadMnist, parseIdx, toSplit } from './mnist'

function idx(shape: number[], values: number[]): Uint8Array {
  const header = new Uint8Array(4 + 4 * shape.length)
  header[2] = 0x08
  header[3] = shape.length
  const view = new DataView(header.buffer)
  shape.forEach((d, i) => view.setUint32(4 + 4 * i, d))
  return new Uint8Array([...header, ...values])
}

describe('parseIdx', () => {
  it('reads the shape big-endian and the bytes after the header', () => {
    const { shape, data } = parseIdx(idx([2, 3], [1, 2, 3, 4, 5, 6]))
    expect(shape).toEqual([2, 3])
    expect([...data]).toEqual([1, 2, 3, 4, 5, 6])
  })

  it('reads a dim above 2^16', () => {
    expect(parseIdx(idx([70000], new Array(70000).fill(0))).shape).toEqual([70000])
  })

  it('rejects truncated, padded and non-IDX data, naming the source', () => {
    expect(() => parseIdx(idx([2, 3], [1, 2, 3]), 'f.idx')).toThrow(
      /f\.idx: expected 18 bytes for shape \[2, 3\], got 15/,
    )
    expect(() => parseIdx(idx([1], [1, 2]))).toThrow(/expected 9 bytes/)
    expect(() => parseIdx(new Uint8Array([1, 0, 8, 1]))).toThrow(/magic/)
    expect(() => parseIdx(new Uint8Array([0, 0, 0x0d, 1, 0, 0, 0, 0]))).toThrow(/type code 0xd/)
    expect(() => parseIdx(new Uint8Array([0, 0]))).toThrow(/truncated/)
  })
})

describe('MNIST splits', () => {
  it('scales pixels to [0, 1] and flattens images', () => {
    const split = toSplit(
      parseIdx(idx([2, 2, 2], [0, 255, 51, 102, 1, 2, 3, 4])),
      parseIdx(idx([2], [7, 3])),
      't',
    )
    expect(split.n).toBe(2)
    expect(split.features).toBe(4)
    expect(split.images[1]).toBe(1)
    expect(split.images[2]).toBeCloseTo(0.2)
    expect([...split.labels]).toEqual([7, 3])
  })

  it('rejects labels that are not digits and counts that differ', () => {
    expect(() => toSplit(parseIdx(idx([1, 1, 1], [0])), parseIdx(idx([1], [12])), 't')).toThrow(
      /label 12/,
    )
    expect(() => toSplit(parseIdx(idx([1, 1, 1], [0])), parseIdx(idx([2], [1, 2])), 't')).toThrow(
      /1 images/,
    )
  })

  it('loads plain and gzipped files from a folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-mnist-'))
    writeFileSync(join(dir, 'train-images-idx3-ubyte'), idx([1, 1, 2], [0, 255]))
    writeFileSync(join(dir, 'train-labels-idx1-ubyte.gz'), gzipSync(idx([1], [5])))
    writeFileSync(join(dir, 't10k-images-idx3-ubyte'), idx([1, 1, 2], [255, 0]))
    writeFileSync(join(dir, 't10k-labels-idx1-ubyte'), idx([1], [9]))
    const mnist = loadMnist(dir)
    rmSync(dir, { recursive: true })
    expect([...mnist.train.images]).toEqual([0, 1])
    expect([...mnist.train.labels]).toEqual([5])
    expect([...mnist.test.labels]).toEqual([9])
  })

  it('gathers shuffled rows into a batch', () => {
    const split = toSplit(
      parseIdx(idx([3, 1, 2], [0, 0, 255, 255, 51, 51])),
      parseIdx(idx([3], [0, 1, 2])),
      't',
    )
    const x = new Float32Array(4)
    const y = new Int32Array(2)
    gatherBatch(split, Int32Array.from([2, 1, 0]), 0, 2, x, y)
    expect([...x].map((v) => Math.round(v * 10) / 10)).toEqual([0.2, 0.2, 1, 1])
    expect([...y]).toEqual([2, 1])
  })
})
