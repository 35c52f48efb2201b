import { describe, expect, it } from 'vitest'
import { pytorchLinearInit, transpose } from './init'
import { parseChildOutput, RESULT_MARKER } from './protocol'
import { shuffledIndices } from './random'

describe('shuffledIndices', () => {
  it('is a permutation that depends only on the seed', () => {
    const a = shuffledIndices(1000, 1)
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 1000 }, (_, i) => i))
    expect(shuffledIndices(1000, 1)).toEqual(a)
    expect(shuffledIndices(1000, 2)).not.toEqual(a)
  })
})

describe('pytorchLinearInit', () => {
  it('draws weights and biases within ±1/√fan_in, the same for the same seed', () => {
    const init = pytorchLinearInit([784, 16, 10], 0)
    expect(init.weights.map((w) => w.length)).toEqual([16 * 784, 10 * 16])
    expect(init.biases.map((b) => b.length)).toEqual([16, 10])
    expect(Math.max(...init.weights[0].map(Math.abs))).toBeLessThanOrEqual(1 / Math.sqrt(784))
    expect(Math.max(...init.biases[1].map(Math.abs))).toBeLessThanOrEqual(1 / Math.sqrt(16))
    expect(pytorchLinearInit([784, 16, 10], 0).weights[1]).toEqual(init.weights[1])
  })

  it('transposes row-major matrices', () => {
    expect([...transpose(Float32Array.from([1, 2, 3, 4, 5, 6]), 2, 3)]).toEqual([1, 4, 2, 5, 3, 6])
  })
})

describe('child protocol', () => {
  it('finds the marked line among other output', () => {
    const out = `Hi there\n${RESULT_MARKER}{"ok":false,"skip":true,"message":"m"}\n`
    expect(parseChildOutput(out)).toEqual({ ok: false, skip: true, message: 'm' })
    expect(parseChildOutput('nothing\n')).toBeNull()
  })
})
