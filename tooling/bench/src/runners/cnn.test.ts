import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import * as tf from '@tensorflow/tfjs'
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm'
import { cpuBackend } from '@othergrad/backend-cpu'
import { setBackend, use } from '@othergrad/core'
import { convOps } from '@othergrad/op-conv'
import { pytorchCnnInit } from '../init'
import { loadMnist } from '../mnist'
import { MNIST_NORMALIZE } from '../workloads'
import { othergradCnn } from './othergrad'
import { explicitConv2d, tfjsCnn } from './tfjs'

const BATCH = 16
const STEPS = 5

/** Losses of `STEPS` steps on the first training images in file order, dropout off. */
async function losses(
  step: (x: Float32Array, y: Int32Array, n: number) => number | Promise<number>,
) {
  const { train } = loadMnist()
  const { mean, std } = MNIST_NORMALIZE
  const out: number[] = []
  for (let s = 0; s < STEPS; s++) {
    const rows = train.images.subarray(s * BATCH * 784, (s + 1) * BATCH * 784)
    const x = rows.map((v) => (v - mean) / std)
    out.push(await step(x, train.labels.subarray(s * BATCH, (s + 1) * BATCH), BATCH))
  }
  return out
}

describe("the bench's MNIST CNN", () => {
  it("trains on TF.js wasm (explicit gradients) as othergrad does: PyTorch's Adadelta, same losses", async () => {
    use(cpuBackend())
    use(convOps())
    await setBackend('cpu')
    const ours = othergradCnn(pytorchCnnInit(0), (t) => t.itemSync(), { dropout: false })
    const expected = await losses((x, y, n) => ours.step(x, y, n))

    const require = createRequire(import.meta.url)
    setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm')), '/'))
    await tf.setBackend('wasm')
    const model = tfjsCnn(tf, pytorchCnnInit(0), explicitConv2d(tf), { dropout: false })
    const got = await losses((x, y, n) => model.step(x, y, n))
    // tf.train.adadelta's first update sent the second step's loss to 6.6 here (3.17 with othergrad's).
    expect(expected[STEPS - 1]).toBeLessThan(expected[0])
    got.forEach((loss, i) => expect(loss, `loss of step ${i + 1}`).toBeCloseTo(expected[i], 3))
  }, 300_000)
})
