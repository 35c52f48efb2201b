import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { arange, manualSeed, tensor, zeros } from '@othergrad/core'
import {
  BatchNorm1d,
  Embedding,
  Linear,
  loadSafetensors,
  Module,
  readSafetensorsHeader,
  saveSafetensors,
} from '../src/index'
import { loadFile, saveFile } from '../src/node'
import { decode, expectClose, fixture, fixturePath, type Encoded } from './helpers'
import { useCpu } from './setup'

await useCpu()

interface Stored {
  metadata: Record<string, string>
  tensors: Record<string, Encoded>
}

const { torchCheckpoint, roundTrip } = fixture<{ torchCheckpoint: Stored; roundTrip: Stored }>(
  'checkpoint.json',
)

/** The model PyTorch saved in torchCheckpoint.safetensors (CheckpointNet in the generator). */
class CheckpointNet extends Module {
  fc1 = new Linear(4, 6)
  bn = new BatchNorm1d(6)
  emb = new Embedding(5, 3)
  fc2 = new Linear(6, 2)
  forward(): never {
    throw new Error('not used')
  }
}

const bytesOf = (text: string) => new TextEncoder().encode(text)

/** A header as the reference implementation lays it out: length, JSON, space padding. */
function referenceHeader(json: string): Uint8Array {
  const body = bytesOf(json.padEnd(Math.ceil(json.length / 8) * 8, ' '))
  const out = new Uint8Array(8 + body.length)
  new DataView(out.buffer).setBigUint64(0, BigInt(body.length), true)
  out.set(body, 8)
  return out
}

describe('safetensors format', () => {
  it('writes the reference implementation’s bytes for its documented example', async () => {
    const bytes = await saveSafetensors({
      'attn.0': arange(0, 6, 1, { dtype: 'float32' }).reshape([1, 2, 3]),
    })
    const header = referenceHeader(
      '{"attn.0":{"dtype":"F32","shape":[1,2,3],"data_offsets":[0,24]}}',
    )
    expect(header.length).toBe(8 + 64)
    const data = new Uint8Array(new Float32Array([0, 1, 2, 3, 4, 5]).buffer)
    expect([...bytes]).toEqual([...header, ...data])
  })

  it('writes metadata first and pads an empty file to 8 bytes', async () => {
    expect([...(await saveSafetensors({}))]).toEqual([...referenceHeader('{}')])
    const withMeta = await saveSafetensors({}, { framework: 'pt' })
    expect([...withMeta]).toEqual([...referenceHeader('{"__metadata__":{"framework":"pt"}}')])
    expect(withMeta.length).toBe(48)
  })

  it('reproduces a file written by the PyTorch side byte for byte (F32, F64, I32, BOOL, empty, 0-d)', async () => {
    const original = readFileSync(fixturePath('roundTrip.safetensors'))
    const loaded = loadSafetensors(original)
    const rewritten = await saveSafetensors(loaded, roundTrip.metadata)
    expect(Buffer.from(rewritten).equals(original)).toBe(true)
  })

  it('loads every dtype the PyTorch side wrote with its values', () => {
    const loaded = loadSafetensors(readFileSync(fixturePath('roundTrip.safetensors')))
    expect(Object.keys(loaded).sort()).toEqual(Object.keys(roundTrip.tensors).sort())
    for (const [name, e] of Object.entries(roundTrip.tensors)) {
      expect(loaded[name].dtype, name).toBe(e.dtype)
      expect([...loaded[name].shape], name).toEqual(e.shape)
      expect([...loaded[name].dataSync()], name).toEqual(e.data)
    }
    expect(
      readSafetensorsHeader(readFileSync(fixturePath('roundTrip.safetensors'))).metadata,
    ).toEqual(roundTrip.metadata)
  })

  it('loads a checkpoint written by PyTorch into a model (I64 num_batches_tracked becomes int32)', async () => {
    const net = new CheckpointNet()
    const state = await loadFile(fixturePath('torchCheckpoint.safetensors'))
    expect(net.loadStateDict(state)).toEqual({ missingKeys: [], unexpectedKeys: [] })
    const own = net.stateDict()
    for (const [name, e] of Object.entries(torchCheckpoint.tensors)) {
      expect([...own[name].dataSync()], name).toEqual(e.data)
    }
    expect(net.bn.numBatchesTracked!.itemSync()).toBe(2)
    expect(
      readSafetensorsHeader(readFileSync(fixturePath('torchCheckpoint.safetensors'))).tensors[
        'bn.num_batches_tracked'
      ].dtype,
    ).toBe('I64')
  })

  it('round-trips a model through a file: saved, loaded into a fresh model, identical', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'othergrad-nn-'))
    manualSeed(3)
    const a = new CheckpointNet()
    a.bn.forward(
      a.fc1.forward(
        tensor([
          [1, 2, 3, 4],
          [0, 1, 0, 1],
          [2, 2, 2, 2],
        ]),
      ),
    )
    const file = join(dir, 'model.safetensors')
    await saveFile(a.stateDict(), file)
    expect(readdirSync(dir)).toEqual(['model.safetensors'])
    const b = new CheckpointNet()
    b.loadStateDict(await loadFile(file))
    const sb = b.stateDict()
    for (const [name, t] of Object.entries(a.stateDict()))
      expect([...sb[name].dataSync()], name).toEqual([...t.dataSync()])
  })

  it('overwrites a checkpoint through a temporary file and leaves no temporary behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'othergrad-nn-'))
    const file = join(dir, 'ckpt.safetensors')
    await saveFile({ a: tensor([1]) }, file)
    await saveFile({ a: tensor([2]) }, file)
    expect(readdirSync(dir)).toEqual(['ckpt.safetensors'])
    expect((await loadFile(file)).a.itemSync()).toBe(2)
  })

  it('keeps the old checkpoint when a save fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'othergrad-nn-'))
    const file = join(dir, 'ckpt.safetensors')
    await saveFile({ a: tensor([1]) }, file)
    const bad = { a: tensor([2]), b: 'not a tensor' } as unknown as Record<
      string,
      ReturnType<typeof tensor>
    >
    await expect(saveFile(bad, file)).rejects.toThrow(/'b' is not a Tensor/)
    expect((await loadFile(file)).a.itemSync()).toBe(1)
    expect(readdirSync(dir)).toEqual(['ckpt.safetensors'])
  })
})

describe('safetensors rejects truncated or corrupt files', () => {
  const good = readFileSync(fixturePath('roundTrip.safetensors'))

  it('rejects every truncation with a clear error', () => {
    for (const length of [0, 4, 8, 20, good.length - 1, good.length - 17]) {
      expect(() => loadSafetensors(good.subarray(0, length)), `length ${length}`).toThrow(
        /safetensors: .*truncated or corrupt/,
      )
    }
  })

  it('rejects trailing bytes, a huge header length, bad JSON and overlapping offsets', () => {
    const longer = new Uint8Array(good.length + 4)
    longer.set(good)
    expect(() => loadSafetensors(longer)).toThrow(
      /describes \d+ bytes of tensor data but \d+ bytes follow it/,
    )
    const huge = new Uint8Array(good)
    new DataView(huge.buffer).setBigUint64(0, 1n << 40n, true)
    expect(() => loadSafetensors(huge)).toThrow(/100 MB limit/)
    expect(() => loadSafetensors(referenceHeader('{"a":'))).toThrow(/not valid JSON/)
    expect(() => loadSafetensors(referenceHeader('[1,2]'))).toThrow(/does not start with '\{'/)
    const overlapping = referenceHeader(
      '{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}',
    )
    expect(() => loadSafetensors(new Uint8Array([...overlapping, 0, 0, 0, 0]))).toThrow(
      /tensor '.' has data_offsets \[0, 4\], expected to start at 4/,
    )
    const wrongSize = referenceHeader('{"a":{"dtype":"F64","shape":[1],"data_offsets":[0,4]}}')
    expect(() => loadSafetensors(new Uint8Array([...wrongSize, 0, 0, 0, 0]))).toThrow(
      /needs 8 bytes but its data_offsets span 4/,
    )
    const unknown = referenceHeader('{"a":{"dtype":"F8_E4M3","shape":[1],"data_offsets":[0,1]}}')
    expect(() => loadSafetensors(new Uint8Array([...unknown, 0]))).toThrow(
      /unsupported dtype "F8_E4M3"/,
    )
  })

  it('keeps a tensor named "__proto__" as an entry, not the prototype of the result', () => {
    const file = referenceHeader(
      '{"__proto__":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}',
    )
    const loaded = loadSafetensors(new Uint8Array([...file, 0, 0, 128, 63, 0, 0, 0, 64]))
    expect(Object.keys(loaded)).toEqual(['__proto__', 'b'])
    expect(Object.getPrototypeOf(loaded)).toBe(Object.prototype)
    expect(Object.getOwnPropertyDescriptor(loaded, '__proto__')!.value.toArraySync()).toEqual([1])
  })

  it('rejects a tensor name or __metadata__ given twice, instead of keeping the last', () => {
    const twice = referenceHeader(
      '{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"\\u0061":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}',
    )
    expect(() => loadSafetensors(new Uint8Array([...twice, 0, 0, 0, 0]))).toThrow(
      'safetensors: the header names "a" twice; the file is truncated or corrupt',
    )
    const metadata = referenceHeader(
      '{"__metadata__":{"x":"1"},"__metadata__":{"x":"2"},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}',
    )
    expect(() => readSafetensorsHeader(new Uint8Array([...metadata, 0, 0, 0, 0]))).toThrow(
      'safetensors: the header names "__metadata__" twice',
    )
    const field = referenceHeader(
      '{"a":{"dtype":"F32","dtype":"F64","shape":[1],"data_offsets":[0,4]}}',
    )
    expect(() => readSafetensorsHeader(new Uint8Array([...field, 0, 0, 0, 0]))).toThrow(
      'safetensors: the header names "dtype" twice',
    )
  })

  it('writes and reads uint8, int8 and int16 as themselves (U8, I8, I16), as PyTorch does', async () => {
    const bytes = await saveSafetensors({
      pixels: tensor(new Uint8Array([0, 200, 255])),
      codes: tensor(new Int8Array([-128, 5])),
      shorts: tensor(new Int16Array([-32768, 300])),
    })
    const header = readSafetensorsHeader(bytes)
    expect(Object.values(header.tensors).map((t) => t.dtype)).toEqual(['I16', 'I8', 'U8'])
    const loaded = loadSafetensors(bytes)
    expect(loaded.pixels.dtype).toBe('uint8')
    expect(loaded.pixels.toArraySync()).toEqual([0, 200, 255])
    expect(loaded.codes.dtype).toBe('int8')
    expect(loaded.codes.toArraySync()).toEqual([-128, 5])
    expect(loaded.shorts.dtype).toBe('int16')
    expect(loaded.shorts.toArraySync()).toEqual([-32768, 300])
  })

  it('rejects an inherited property name as a dtype', () => {
    const file = referenceHeader('{"a":{"dtype":"constructor","shape":[1],"data_offsets":[0,1]}}')
    expect(() => loadSafetensors(new Uint8Array([...file, 0]))).toThrow(
      /tensor 'a' has unsupported dtype "constructor"/,
    )
  })

  it('loads or cleanly rejects every one of 400 randomly corrupted files', () => {
    // Seeded corruptions of a good file: flipped bits, changed bytes, cuts, insertions, in the
    // header and the data. Each load either succeeds (data bytes are just values) or throws an
    // Error that starts with 'safetensors:' and says what is wrong; nothing else may escape.
    let seed = 12345
    const next = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
      return (seed >>> 8) % n
    }
    const headerEnd = 8 + Number(new DataView(good.buffer, good.byteOffset).getBigUint64(0, true))
    let rejected = 0
    for (let trial = 0; trial < 400; trial++) {
      let bytes = new Uint8Array(good)
      const inHeader = trial % 4 !== 3
      const at = () => (inHeader ? next(headerEnd) : next(bytes.length))
      switch (trial % 5) {
        case 0:
          bytes[at()] ^= 1 << next(8)
          break
        case 1:
          bytes[at()] = next(256)
          break
        case 2:
          bytes = bytes.subarray(0, at())
          break
        case 3: {
          const i = at()
          bytes = new Uint8Array([...bytes.subarray(0, i), next(256), ...bytes.subarray(i)])
          break
        }
        default:
          bytes[at()] = '{}[]":,\\0 '.charCodeAt(next(10))
      }
      try {
        const loaded = loadSafetensors(bytes)
        expect(Object.getPrototypeOf(loaded)).toBe(Object.prototype)
      } catch (e) {
        expect(e, `trial ${trial}`).toBeInstanceOf(Error)
        expect((e as Error).message, `trial ${trial}`).toMatch(/^safetensors: ./)
        rejected++
      }
    }
    expect(rejected).toBeGreaterThan(250)
  })

  it('names the file when loading one fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'othergrad-nn-'))
    const file = join(dir, 'broken.safetensors')
    writeFileSync(file, good.subarray(0, good.length - 3))
    await expect(loadFile(file)).rejects.toThrow(/truncated or corrupt \(.*broken\.safetensors\)/)
  })

  it('widens F16 and BF16 to float32 and narrows I64 that fits', () => {
    const header = referenceHeader(
      '{"h":{"dtype":"F16","shape":[3],"data_offsets":[0,6]},"b":{"dtype":"BF16","shape":[1],"data_offsets":[6,8]},"i":{"dtype":"I64","shape":[1],"data_offsets":[8,16]}}',
    )
    const data = new Uint8Array(16)
    const v = new DataView(data.buffer)
    v.setUint16(0, 0x3c00, true) // 1
    v.setUint16(2, 0xc000, true) // -2
    v.setUint16(4, 0x0001, true) // 2^-24
    v.setUint16(6, 0x3fc0, true) // 1.5
    v.setBigInt64(8, -7n, true)
    const out = loadSafetensors(new Uint8Array([...header, ...data]))
    expect([...out.h.dataSync()]).toEqual([1, -2, 2 ** -24])
    expect(out.b.itemSync()).toBe(1.5)
    expect(out.i.dtype).toBe('int32')
    expect(out.i.itemSync()).toBe(-7)
    v.setBigInt64(8, 1n << 40n, true)
    expect(() => loadSafetensors(new Uint8Array([...header, ...data]))).toThrow(
      /does not fit in int32/,
    )
  })
})

/** A Python with torch: $OTHERGRAD_PYTHON, python3 on the PATH, or the system one. */
function pythonWithTorch(): string | undefined {
  const candidates = [process.env.OTHERGRAD_PYTHON, 'python3', '/usr/bin/python3'].filter(
    (c): c is string => !!c,
  )
  return candidates.find((python) => {
    try {
      execFileSync(python, ['-c', 'import torch'], { stdio: 'ignore' })
      return true
    } catch {
      return false
    }
  })
}

const python = pythonWithTorch()

describe('PyTorch reads what othergrad writes', () => {
  // Needs python3 with torch (the fixture machines have it); CI without it relies on the
  // byte-for-byte comparison above.
  it.skipIf(python === undefined)(
    'loads an othergrad checkpoint in PyTorch with identical tensors',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'othergrad-nn-'))
      manualSeed(9)
      const net = new CheckpointNet()
      net.bn.forward(
        net.fc1.forward(
          tensor([
            [1, 2, 3, 4],
            [0, 1, 0, 1],
          ]),
        ),
      )
      const file = join(dir, 'fromOthergrad.safetensors')
      const state = {
        ...net.stateDict(),
        extra64: tensor([1.5, -2.25], { dtype: 'float64' }),
        flags: tensor([true, false]),
        ids: zeros([2, 0], { dtype: 'int32' }),
      }
      await saveFile(state, file, { framework: 'othergrad' })
      const expected = Object.fromEntries(
        Object.entries(state).map(([k, t]) => [
          k,
          { dtype: t.dtype, shape: [...t.shape], data: [...t.dataSync()] },
        ]),
      )
      writeFileSync(join(dir, 'expected.json'), JSON.stringify(expected))
      const script = new URL('../../../tooling/fixtures/nn/check_checkpoint.py', import.meta.url)
        .pathname
      const out = execFileSync(python!, [script, file, join(dir, 'expected.json')], {
        encoding: 'utf8',
      })
      expect(out).toContain(`loaded ${Object.keys(state).length} tensors, all identical`)
    },
  )
})

describe('saveSafetensors input checks', () => {
  it('refuses the reserved __metadata__ name and non-string metadata', async () => {
    await expect(saveSafetensors({ __metadata__: tensor([1]) })).rejects.toThrow(/reserved/)
    await expect(saveSafetensors({}, { a: 1 as unknown as string })).rejects.toThrow(
      /metadata values must be strings/,
    )
  })

  it('decodes a loaded state into tensors usable right away', () => {
    const e = torchCheckpoint.tensors['fc1.weight']
    expectClose(
      loadSafetensors(readFileSync(fixturePath('torchCheckpoint.safetensors')))['fc1.weight'],
      e,
      'fc1.weight',
    )
    expect(decode(e).shape).toEqual([6, 4])
  })
})
