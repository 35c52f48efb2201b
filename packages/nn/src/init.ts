/**
 * Parameter initialisation, like `torch.nn.init`. Every function fills its tensor in place
 * (without recording a graph) and returns it. Random fills draw from core's seeded generator in
 * PyTorch's order, so after the same `manualSeed` they give PyTorch's values.
 *
 * @packageDocumentation
 */
import {
  checkNumberOption,
  checkOptionKeys,
  noGrad,
  normalValues,
  tensor,
  uniformValues,
  type Tensor,
} from '@othergrad/core'

/** Nonlinearities `calculateGain` knows, in PyTorch's spelling (camelCase aliases accepted). */
export type Nonlinearity =
  | 'linear'
  | 'conv1d'
  | 'conv2d'
  | 'conv3d'
  | 'conv_transpose1d'
  | 'conv_transpose2d'
  | 'conv_transpose3d'
  | 'sigmoid'
  | 'tanh'
  | 'relu'
  | 'leaky_relu'
  | 'leakyRelu'
  | 'selu'

/** Which fan the Kaiming initialisers scale by, in PyTorch's spelling or camelCase. */
export type FanMode = 'fan_in' | 'fan_out' | 'fanIn' | 'fanOut'

/** `kaimingUniform_` and `kaimingNormal_`'s options, like PyTorch's keyword arguments. */
export interface KaimingOptions {
  /** Negative slope of the rectifier after this layer (only with `leaky_relu`), default 0. */
  a?: number
  /** `fan_in` (default) keeps the forward pass's variance, `fan_out` the backward pass's. */
  mode?: FanMode
  /** Default `leaky_relu`. */
  nonlinearity?: Nonlinearity
}

/**
 * The recommended gain for a nonlinearity, like `torch.nn.init.calculate_gain`.
 *
 * @example
 * calculateGain('leaky_relu', 0.2) // Math.sqrt(2 / (1 + 0.2 ** 2))
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number | null): number {
  switch (nonlinearity) {
    case 'linear':
    case 'conv1d':
    case 'conv2d':
    case 'conv3d':
    case 'conv_transpose1d':
    case 'conv_transpose2d':
    case 'conv_transpose3d':
    case 'sigmoid':
      return 1
    case 'tanh':
      return 5.0 / 3
    case 'relu':
      return Math.sqrt(2.0)
    case 'leaky_relu':
    case 'leakyRelu': {
      let slope = 0.01
      if (param !== undefined && param !== null) {
        if (typeof param !== 'number' || Number.isNaN(param)) {
          throw new Error(`calculateGain: negative_slope ${String(param)} is not a valid number`)
        }
        slope = param
      }
      return Math.sqrt(2.0 / (1 + slope ** 2))
    }
    case 'selu':
      return 3.0 / 4
    default:
      throw new Error(`calculateGain: unsupported nonlinearity ${String(nonlinearity)}`)
  }
}

/** `[fanIn, fanOut]` of a weight: `[out, in, ...kernel]` gives `in * kernel` and `out * kernel`. */
export function calculateFanInAndFanOut(t: Tensor): [number, number] {
  if (t.ndim < 2) {
    throw new Error(
      `init: fan in and fan out can not be computed for tensor with fewer than 2 dimensions (shape [${t.shape.join(', ')}])`,
    )
  }
  let receptive = 1
  for (let i = 2; i < t.ndim; i++) receptive *= t.shape[i]
  return [t.shape[1] * receptive, t.shape[0] * receptive]
}

function correctFan(t: Tensor, mode: FanMode): number {
  const [fanIn, fanOut] = calculateFanInAndFanOut(t)
  if (mode === 'fan_in' || mode === 'fanIn') return fanIn
  if (mode === 'fan_out' || mode === 'fanOut') return fanOut
  throw new Error(`init: mode ${String(mode)} not supported, please use one of fan_in, fan_out`)
}

function floatDType(op: string, t: Tensor): 'float32' | 'float64' {
  if (t.dtype !== 'float32' && t.dtype !== 'float64') {
    throw new Error(`${op}: expected a floating point tensor, got ${t.dtype}`)
  }
  return t.dtype
}

/** Copies host values into `t` in place, outside the graph. */
function fill(t: Tensor, values: ArrayLike<number>): Tensor {
  noGrad(() => {
    const src = tensor(values, { shape: t.shape, dtype: t.dtype, backend: t.backend.name })
    t.copy_(src)
    src.dispose()
  })
  return t
}

/**
 * Fills `t` with samples from U(a, b), like `torch.nn.init.uniform_` (PyTorch's draws for the
 * same seed).
 */
export function uniform_(t: Tensor, a = 0, b = 1): Tensor {
  return fill(t, uniformValues(t.size, a, b, floatDType('uniform_', t)))
}

/**
 * Fills `t` with samples from N(mean, std²), like `torch.nn.init.normal_`. PyTorch draws tensors of
 * 16 or more elements in blocks of 16 (Box–Muller on a buffer of uniforms); this does the same, so
 * a seeded init matches PyTorch's.
 */
export function normal_(t: Tensor, mean = 0, std = 1): Tensor {
  return fill(t, normalFill(t.size, mean, std, floatDType('normal_', t)))
}

function normalFill(
  size: number,
  mean: number,
  std: number,
  dtype: 'float32' | 'float64',
): Float32Array | Float64Array {
  if (size < 16) return normalValues(size, mean, std, dtype)
  const data = uniformValues(size, 0, 1, dtype)
  const round = dtype === 'float32' ? Math.fround : (v: number) => v
  // Each block of 16 uniforms becomes 16 normals: u1 from the first 8, u2 from the last 8.
  const block = (offset: number) => {
    for (let j = 0; j < 8; j++) {
      const u1 = round(1 - data[offset + j])
      const u2 = data[offset + j + 8]
      const radius = round(Math.sqrt(round(-2 * round(Math.log(u1)))))
      const theta = round(2 * Math.PI * u2)
      data[offset + j] = radius * Math.cos(theta) * std + mean
      data[offset + j + 8] = radius * Math.sin(theta) * std + mean
    }
  }
  for (let i = 0; i + 16 <= size; i += 16) block(i)
  if (size % 16 !== 0) {
    // A ragged tail redraws the last 16 values, overlapping the previous block, as PyTorch does.
    data.set(uniformValues(16, 0, 1, dtype), size - 16)
    block(size - 16)
  }
  return data
}

/** Fills `t` with `value`, like `torch.nn.init.constant_`. */
export function constant_(t: Tensor, value: number): Tensor {
  noGrad(() => t.fill_(value))
  return t
}

/** Fills `t` with ones, like `torch.nn.init.ones_`. */
export function ones_(t: Tensor): Tensor {
  return constant_(t, 1)
}

/** Fills `t` with zeros, like `torch.nn.init.zeros_`. */
export function zeros_(t: Tensor): Tensor {
  return constant_(t, 0)
}

/**
 * Glorot uniform: U(-a, a) with a = gain·√(6 / (fanIn + fanOut)), like `xavier_uniform_`.
 *
 * @example
 * xavierUniform_(layer.weight, calculateGain('tanh'))
 */
export function xavierUniform_(t: Tensor, gain = 1): Tensor {
  const [fanIn, fanOut] = calculateFanInAndFanOut(t)
  const std = gain * Math.sqrt(2.0 / (fanIn + fanOut))
  const a = Math.sqrt(3.0) * std
  return uniform_(t, -a, a)
}

/** Glorot normal: N(0, std²) with std = gain·√(2 / (fanIn + fanOut)), like `xavier_normal_`. */
export function xavierNormal_(t: Tensor, gain = 1): Tensor {
  const [fanIn, fanOut] = calculateFanInAndFanOut(t)
  const std = gain * Math.sqrt(2.0 / (fanIn + fanOut))
  return normal_(t, 0, std)
}

/**
 * He uniform: U(-bound, bound) with bound = gain·√(3 / fan), like `kaiming_uniform_`.
 *
 * @example
 * kaimingUniform_(layer.weight, { a: Math.sqrt(5) }) // what nn.Linear does
 */
export function kaimingUniform_(t: Tensor, options: KaimingOptions = {}): Tensor {
  checkOptionKeys('kaimingUniform_', options, ['a', 'mode', 'nonlinearity'])
  const { a = 0, mode = 'fan_in', nonlinearity = 'leaky_relu' } = options
  checkNumberOption('kaimingUniform_', 'a', a)
  if (t.size === 0) return t
  const fan = correctFan(t, mode)
  const gain = calculateGain(nonlinearity, a)
  const std = gain / Math.sqrt(fan)
  const bound = Math.sqrt(3.0) * std
  return uniform_(t, -bound, bound)
}

/** He normal: N(0, std²) with std = gain / √fan, like `kaiming_normal_`. */
export function kaimingNormal_(t: Tensor, options: KaimingOptions = {}): Tensor {
  checkOptionKeys('kaimingNormal_', options, ['a', 'mode', 'nonlinearity'])
  const { a = 0, mode = 'fan_in', nonlinearity = 'leaky_relu' } = options
  checkNumberOption('kaimingNormal_', 'a', a)
  if (t.size === 0) return t
  const fan = correctFan(t, mode)
  const gain = calculateGain(nonlinearity, a)
  const std = gain / Math.sqrt(fan)
  return normal_(t, 0, std)
}
