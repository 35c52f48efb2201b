import { manualSeed, uniformValues } from '@othergrad/core'

/** Initial weights of an MLP, shared by every implementation so that all train the same model. */
export interface LinearInit {
  /** Layer i's weight, `[out, in]` row-major, as PyTorch stores it. */
  weights: Float32Array[]
  biases: Float32Array[]
}

/**
 * PyTorch's default `nn.Linear` init for each layer in order (weight, then bias): kaiming_uniform
 * with a = √5 gives U(-1/√fan_in, 1/√fan_in) for the weight, and the bias uses the same bound. Core's
 * generator reproduces PyTorch's stream, so `manualSeed(seed)` gives `torch.manual_seed`'s weights.
 *
 * @example
 * pytorchLinearInit([784, 128, 10], 0).weights[0].length // 128 * 784
 */
export function pytorchLinearInit(sizes: readonly number[], seed: number): LinearInit {
  manualSeed(seed)
  const weights: Float32Array[] = []
  const biases: Float32Array[] = []
  for (let i = 0; i + 1 < sizes.length; i++) {
    const fanIn = sizes[i]
    const bound = 1 / Math.sqrt(fanIn)
    weights.push(uniformValues(sizes[i + 1] * fanIn, -bound, bound, 'float32') as Float32Array)
    biases.push(uniformValues(sizes[i + 1], -bound, bound, 'float32') as Float32Array)
  }
  return { weights, biases }
}

/** The transpose of a `[rows, cols]` row-major matrix. */
export function transpose(values: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(values.length)
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) out[c * rows + r] = values[r * cols + c]
  }
  return out
}

/** Initial parameters of the MNIST CNN, PyTorch's layouts (`[out, in, kh, kw]`, `[out, in]`). */
export interface CnnInit {
  conv1: { w: Float32Array; b: Float32Array }
  conv2: { w: Float32Array; b: Float32Array }
  fc1: { w: Float32Array; b: Float32Array }
  fc2: { w: Float32Array; b: Float32Array }
}

/**
 * PyTorch's default init of the examples/mnist CNN after `torch.manual_seed(seed)`: every layer
 * (Conv2d and Linear alike) draws its weight from U(±1/√fan_in) (kaiming_uniform, a = √5), then
 * its bias with the same bound, in construction order.
 */
export function pytorchCnnInit(seed: number): CnnInit {
  manualSeed(seed)
  const layer = (out: number, fanIn: number) => {
    const bound = 1 / Math.sqrt(fanIn)
    const w = uniformValues(out * fanIn, -bound, bound, 'float32') as Float32Array
    const b = uniformValues(out, -bound, bound, 'float32') as Float32Array
    return { w, b }
  }
  return {
    conv1: layer(32, 9),
    conv2: layer(64, 288),
    fc1: layer(128, 9216),
    fc2: layer(10, 128),
  }
}
