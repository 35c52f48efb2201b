import { describe, expect, it } from 'vitest'
import * as tf from '@tensorflow/tfjs'
import { explicitConv2d } from './tfjs'

describe("the explicit TF.js conv2d (gradients as convolutions, for tfjs-wasm's XNNPACK)", () => {
  it("gives tf.conv2d's value and gradients", async () => {
    await tf.setBackend('cpu')
    const x = tf.randomNormal([2, 7, 6, 3], 0, 1, 'float32', 1) as tf.Tensor4D
    const w = tf.randomNormal([3, 2, 3, 4], 0, 1, 'float32', 2) as tf.Tensor4D
    const weights = tf.randomNormal([2, 5, 5, 4], 0, 1, 'float32', 3)
    const explicit = explicitConv2d(tf)
    const loss =
      (conv: (a: tf.Tensor4D, b: tf.Tensor4D) => tf.Tensor) => (a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.mul(conv(a as tf.Tensor4D, b as tf.Tensor4D), weights))
    const [dx, dw] = tf.grads(loss((a, b) => explicit(a, b, 1, 'valid')))([x, w])
    const [ex, ew] = tf.grads(loss((a, b) => tf.conv2d(a, b, 1, 'valid')))([x, w])
    expect(explicit(x, w, 1, 'valid').shape).toEqual([2, 5, 5, 4])
    for (const [got, want] of [
      [dx, ex],
      [dw, ew],
    ] as const) {
      expect(got.shape).toEqual(want.shape)
      const a = await got.data()
      const b = await want.data()
      b.forEach((v, i) => expect(a[i]).toBeCloseTo(v, 4))
    }
  })
})
