import type { Tensor } from '@othergrad/core'
import { Dropout, Linear, Module, ReLU, Sequential } from '@othergrad/nn'
import { Conv2d, maxPool2d } from '@othergrad/op-conv'

/** 784 → hidden ReLU layers → 10 logits. */
export function buildMlp(hidden: readonly number[]): Sequential {
  const layers = []
  let width = 784
  for (const h of hidden) {
    layers.push(new Linear(width, h), new ReLU())
    width = h
  }
  layers.push(new Linear(width, 10))
  return new Sequential(...layers)
}

/**
 * PyTorch's examples/mnist network, with its parameter names (so its state dict loads):
 * conv 1→32 3x3, ReLU, conv 32→64 3x3, ReLU, max pool 2, dropout 0.25, fc 9216→128, ReLU,
 * dropout 0.5, fc 128→10. Input `[N, 1, 28, 28]` normalised with MNIST's mean and std; output
 * logits (cross-entropy applies the log-softmax PyTorch's forward ends with).
 */
export class MnistCnn extends Module {
  declare conv1: Conv2d
  declare conv2: Conv2d
  declare dropout1: Dropout
  declare dropout2: Dropout
  declare fc1: Linear
  declare fc2: Linear

  constructor() {
    super()
    this.conv1 = new Conv2d(1, 32, 3)
    this.conv2 = new Conv2d(32, 64, 3)
    this.dropout1 = new Dropout(0.25)
    this.dropout2 = new Dropout(0.5)
    this.fc1 = new Linear(9216, 128)
    this.fc2 = new Linear(128, 10)
  }

  forward(x: Tensor): Tensor {
    let h = this.conv2.forward(this.conv1.forward(x).relu()).relu()
    h = this.dropout1.forward(maxPool2d(h, 2)).flatten(1)
    h = this.dropout2.forward(this.fc1.forward(h).relu())
    return this.fc2.forward(h)
  }
}

/** MNIST's pixel mean and standard deviation, as PyTorch's example normalises with. */
export const MNIST_MEAN = 0.1307
export const MNIST_STD = 0.3081

/** `[n, 784]` pixels in [0, 1] → the CNN's normalised `[n, 1, 28, 28]` input. */
export function cnnInput(images: Tensor): Tensor {
  return images.sub(MNIST_MEAN).div(MNIST_STD).reshape([images.shape[0], 1, 28, 28])
}
