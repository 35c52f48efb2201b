import { spawnSync } from 'node:child_process'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadSafetensors, readSafetensorsHeader } from '@othergrad/nn'
import { saveFile } from '@othergrad/nn/node'
import { parseTrainArgs } from '../src/args'
import { bundledMnistDir } from '../src/mnistData'
import { runMnist } from '../src/run'

interface EpochRecord {
  event: 'epoch'
  epoch: number
  trainLoss: number
  testLoss: number
  testAccuracy: number
}

async function run(args: string[]): Promise<Record<string, unknown>[]> {
  let text = ''
  await runMnist([...args, '--json', '--backend', 'cpu'], { write: (t) => (text += t) })
  return text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>)
}

const epochs = (records: Record<string, unknown>[]) =>
  records.filter((r): r is EpochRecord & Record<string, unknown> => r.event === 'epoch')
const SMALL = ['--limit', '3000', '--hidden', '64', '--batch-size', '64']

describe('the MNIST trainer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mnist-'))

  it('trains on a slice of the real digits and its loss falls', async () => {
    const records = epochs(await run([...SMALL, '--epochs', '3']))
    expect(records.map((r) => r.epoch)).toEqual([1, 2, 3])
    expect(records[2].trainLoss).toBeLessThan(records[0].trainLoss)
    expect(records[0].trainLoss).toBeLessThan(Math.log(10))
    expect(records[2].testAccuracy).toBeGreaterThan(0.85)
  })

  it('resumes from a checkpoint with the same loss as an uninterrupted run', async () => {
    const straight = epochs(
      await run([...SMALL, '--epochs', '2', '--save', join(dir, 'straight.safetensors')]),
    )
    await run([...SMALL, '--epochs', '1', '--save', join(dir, 'half.safetensors')])
    const resumed = epochs(
      await run(['--limit', '3000', '--epochs', '2', '--resume', join(dir, 'half.safetensors')]),
    )
    expect(resumed.map((r) => r.epoch)).toEqual([2])
    expect(resumed[0].trainLoss).toBe(straight[1].trainLoss)
    expect(resumed[0].testAccuracy).toBe(straight[1].testAccuracy)
    const evaluated = (
      await run(['--eval-only', '--resume', join(dir, 'straight.safetensors')])
    ).find((r) => r.event === 'eval')
    expect(evaluated?.testAccuracy).toBe(straight[1].testAccuracy)
  })

  it('defaults to the fastest installed backend, wasm', async () => {
    let text = ''
    await runMnist(['--limit', '500', '--epochs', '1', '--hidden', '16', '--json'], {
      write: (t) => (text += t),
    })
    expect(JSON.parse(text.split('\n')[0])).toMatchObject({ event: 'start', backend: 'wasm' })
  })

  it('runs the wasm backend on the threads asked for', async () => {
    let text = ''
    const args = ['--limit', '300', '--epochs', '1', '--hidden', '16', '--json', '--threads', '2']
    await runMnist(args, { write: (t) => (text += t) })
    expect(JSON.parse(text.split('\n')[0])).toMatchObject({ backend: 'wasm', threads: 2 })
    await expect(runMnist(['--threads', '0'], { write: () => {} })).rejects.toThrow(
      "--threads: expected a positive integer, got '0'",
    )
  })

  it("names the wasm kernels' build in its header line: relaxed SIMD unless told otherwise", async () => {
    let text = ''
    const args = ['--limit', '300', '--epochs', '1', '--hidden', '16', '--threads', '2']
    await runMnist(args, { write: (t) => (text += t) })
    // Node 20 has relaxed SIMD behind a V8 flag, which the app turns on (Node 20.16+).
    expect(text.split('\n')[0]).toContain(
      `othergrad MNIST · backend wasm (2 threads, relaxed SIMD) · `,
    )
    text = ''
    await runMnist([...args, '--simd', 'simd128'], { write: (t) => (text += t) })
    expect(text.split('\n')[0]).toContain(`othergrad MNIST · backend wasm (2 threads, SIMD128) · `)
  })

  it('reports the build in its JSON start record', async () => {
    let text = ''
    const args = ['--limit', '300', '--epochs', '1', '--hidden', '16', '--json']
    await runMnist([...args, '--simd', 'simd128'], { write: (t) => (text += t) })
    expect(JSON.parse(text.split('\n')[0])).toMatchObject({ backend: 'wasm', simd: 'simd128' })
    text = ''
    await runMnist(args, { write: (t) => (text += t) })
    expect(JSON.parse(text.split('\n')[0])).toMatchObject({ backend: 'wasm', simd: 'relaxed' })
  })

  it('explains bad input in one line', async () => {
    await expect(runMnist(['--simd', 'avx'], { write: () => {} })).rejects.toThrow(
      "--simd: expected relaxed or simd128, got 'avx'",
    )
    await expect(runMnist(['--backend', 'tpu'], { write: () => {} })).rejects.toThrow(
      /--backend: unknown or uninstalled backend 'tpu'; available: .*cpu/,
    )
    await expect(run(['--data-dir', dir])).rejects.toThrow(
      `mnist: ${join(dir, 'train-images-idx3-ubyte')}: file not found`,
    )
    const corrupt = join(dir, 'corrupt.safetensors')
    writeFileSync(corrupt, new Uint8Array([8, 0, 0, 0, 0, 0, 0, 0, 123, 34]))
    await expect(run(['--resume', corrupt])).rejects.toThrow(
      new RegExp(`^checkpoint: ${corrupt}: `),
    )
    await expect(run(['--resume', join(dir, 'missing.safetensors')])).rejects.toThrow(
      `checkpoint: ${join(dir, 'missing.safetensors')}: file not found`,
    )
    await expect(runMnist(['--epochs', 'two'], { write: () => {} })).rejects.toThrow(
      "--epochs: expected a positive integer, got 'two'",
    )
    await expect(runMnist(['--model', 'resnet'], { write: () => {} })).rejects.toThrow(
      "--model: expected mlp or cnn, got 'resnet'",
    )
  })

  it("gives --model cnn its recipe (Adam, cosine, PyTorch's example's batch) unless told otherwise", () => {
    expect(parseTrainArgs(['--model', 'cnn'])).toMatchObject({
      model: 'cnn',
      optimizer: 'adam',
      schedule: 'cosine',
      batchSize: 64,
      epochs: 5,
    })
    expect(parseTrainArgs([])).toMatchObject({ model: 'mlp', optimizer: 'sgd', batchSize: 128 })
    expect(
      parseTrainArgs(['--model', 'cnn', '--optimizer', 'sgd', '--batch-size', '32']),
    ).toMatchObject({
      optimizer: 'sgd',
      batchSize: 32,
    })
  })
})

describe('the MNIST trainer trusts nothing it reads', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mnist-checks-'))
  const good = join(dir, 'good.safetensors')

  /** A copy of the good checkpoint with some metadata entries replaced (undefined: removed). */
  async function tampered(name: string, changes: Record<string, string | undefined>) {
    const bytes = readFileSync(good)
    const metadata: Record<string, string> = { ...readSafetensorsHeader(bytes).metadata }
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined) delete metadata[key]
      else metadata[key] = value
    }
    const path = join(dir, name)
    await saveFile(loadSafetensors(bytes), path, metadata)
    return path
  }

  it('validates a checkpoint’s epoch, config and optimizer state, naming the file', async () => {
    await run([...SMALL, '--limit', '500', '--epochs', '1', '--save', good])
    for (const epoch of ['abc', '6.5', '-3', '']) {
      const path = await tampered(`epoch-${epoch}.safetensors`, { epoch })
      await expect(run(['--epochs', '3', '--resume', path])).rejects.toThrow(
        `checkpoint: ${path}: metadata 'epoch' must be a non-negative integer, got '${epoch}'`,
      )
    }
    const config = JSON.parse(readSafetensorsHeader(readFileSync(good)).metadata!.config) as object
    const cases: [Record<string, string | undefined>, string][] = [
      [{ config: undefined }, "the metadata has no 'config'"],
      [{ config: '{"hidden":' }, "metadata 'config' is not valid JSON"],
      [
        { config: JSON.stringify({ ...config, optimizer: 'rmsprop' }) },
        `config.optimizer must be 'sgd', 'adam', 'adamw' or 'adadelta', got "rmsprop"`,
      ],
      [{ config: JSON.stringify({ ...config, hidden: [] }) }, 'config.hidden must be a non-empty'],
      [
        { config: JSON.stringify({ ...config, model: 'resnet' }) },
        `config.model must be 'mlp' or 'cnn', got "resnet"`,
      ],
      [{ config: JSON.stringify({ ...config, lr: -1 }) }, 'config.lr must be a positive number'],
      [
        { config: JSON.stringify({ ...config, batch: 3 }) },
        "metadata 'config' has an unknown key 'batch'",
      ],
      [{ optimizer: undefined }, "the metadata has no 'optimizer'"],
    ]
    for (const [i, [changes, message]] of cases.entries()) {
      const path = await tampered(`config-${i}.safetensors`, changes)
      await expect(run(['--resume', path])).rejects.toThrow(`checkpoint: ${path}: ${message}`)
    }
  })

  it('removes temporaries that interrupted saves left, and keeps a live one', async () => {
    const save = join(dir, 'tmp.safetensors')
    const dead = spawnSync(process.execPath, ['-e', '']).pid!
    const orphan = `${save}.${dead}.0123456789ab.tmp`
    const live = `${save}.${process.pid}.ba9876543210.tmp`
    writeFileSync(orphan, 'half a checkpoint')
    writeFileSync(live, 'a save in progress')
    await run([...SMALL, '--limit', '300', '--epochs', '1', '--save', save])
    expect(existsSync(orphan)).toBe(false)
    expect(existsSync(live)).toBe(true)
    expect(existsSync(save)).toBe(true)
  })

  it('rejects empty --hidden entries and gives its own message for a negative --lr', async () => {
    await expect(runMnist(['--hidden', ',,'], { write: () => {} })).rejects.toThrow(
      "--hidden: expected comma-separated positive integers, got ',,'",
    )
    await expect(runMnist(['--lr', '-1'], { write: () => {} })).rejects.toThrow(
      "--lr: expected a positive number, got '-1'",
    )
  })

  it('evaluates with --eval-only without loading the training set', async () => {
    const testOnly = join(dir, 'test-only')
    mkdirSync(testOnly)
    for (const name of ['t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'])
      copyFileSync(join(bundledMnistDir(), name), join(testOnly, name))
    const records = await run(['--eval-only', '--resume', good, '--data-dir', testOnly])
    const evaluated = records.find((r) => r.event === 'eval')
    expect(evaluated?.testAccuracy).toBeGreaterThan(0.5)
  })
})
