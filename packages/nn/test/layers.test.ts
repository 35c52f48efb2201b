import { describe, it } from 'vitest'
import type { Tensor } from '@othergrad/core'
import {
  BatchNorm1d,
  Dropout,
  Embedding,
  Flatten,
  GELU,
  LayerNorm,
  LeakyReLU,
  Linear,
  LogSoftmax,
  Module,
  ReLU,
  Sequential,
  Sigmoid,
  Softmax,
  Tanh,
} from '../src/index'
import { decode, expectClose, fixture, type Encoded } from './helpers'
import { useCpu } from './setup'

await useCpu()

interface LayerOptions {
  args?: unknown[]
  dtype?: 'float32' | 'float64'
  bias?: boolean
  eps?: number
  elementwiseAffine?: boolean
  momentum?: number | null
  affine?: boolean
  trackRunningStats?: boolean
  paddingIdx?: number
  children?: (LayerOptions & { layer: string })[]
}

interface LayerCase {
  name: string
  layer: string
  options: LayerOptions
  train: boolean
  state: Record<string, Encoded>
  input: Encoded
  output: Encoded
  gradOutput: Encoded
  gradInput: Encoded | null
  gradParams: Record<string, Encoded>
  stateAfter: Record<string, Encoded>
}

interface BatchNormSequence {
  batches: Encoded[]
  outputs: Encoded[]
  state: Record<string, Encoded>
  evalInput: Encoded
  evalOutput: Encoded
}

const { cases, batchNormSequence } = fixture<{
  cases: LayerCase[]
  batchNormSequence: BatchNormSequence
}>('layers.json')

/** Builds the othergrad layer a fixture case describes. */
function build(layer: string, o: LayerOptions): Module {
  const dtype = o.dtype ?? 'float64'
  const a = (o.args ?? []) as never[]
  switch (layer) {
    case 'Linear':
      return new Linear(a[0], a[1], { bias: o.bias ?? true, dtype })
    case 'Sequential':
      return new Sequential(...o.children!.map((c) => build(c.layer, { ...c, dtype })))
    case 'ReLU':
      return new ReLU()
    case 'LeakyReLU':
      return new LeakyReLU(...a)
    case 'GELU':
      return new GELU(...a)
    case 'Sigmoid':
      return new Sigmoid()
    case 'Tanh':
      return new Tanh()
    case 'Softmax':
      return new Softmax(...a)
    case 'LogSoftmax':
      return new LogSoftmax(...a)
    case 'Flatten':
      return new Flatten(...a)
    case 'Dropout':
      return new Dropout(...a)
    case 'LayerNorm':
      return new LayerNorm(a[0], { eps: o.eps, elementwiseAffine: o.elementwiseAffine, dtype })
    case 'BatchNorm1d':
      return new BatchNorm1d(a[0], {
        ...('momentum' in o ? { momentum: o.momentum } : {}),
        affine: o.affine,
        trackRunningStats: o.trackRunningStats,
        dtype,
      })
    case 'Embedding':
      return new Embedding(a[0], a[1], { paddingIdx: o.paddingIdx, dtype })
    default:
      throw new Error(`no builder for ${layer}`)
  }
}

function loadState(module: Module, state: Record<string, Encoded>): void {
  module.loadStateDict(Object.fromEntries(Object.entries(state).map(([k, v]) => [k, decode(v)])))
}

describe('layers match PyTorch (forward, input gradient, parameter gradients)', () => {
  for (const c of cases) {
    it(c.name, () => {
      const module = build(c.layer, c.options)
      loadState(module, c.state)
      module.train(c.train)
      const floating = c.input.dtype === 'float32' || c.input.dtype === 'float64'
      const x = decode(c.input, floating)
      const y = (module as unknown as { forward(x: Tensor): Tensor }).forward(x)
      expectClose(y, c.output, 'output')
      y.backward(decode(c.gradOutput))
      if (c.gradInput) expectClose(x.grad, c.gradInput, 'gradient of the input')
      const params = Object.fromEntries(module.namedParameters())
      for (const [name, g] of Object.entries(c.gradParams))
        expectClose(params[name]?.grad, g, `gradient of ${name}`)
      const after = module.stateDict()
      for (const [name, v] of Object.entries(c.stateAfter))
        expectClose(after[name], v, `state ${name} after forward`)
    })
  }
})

describe('BatchNorm1d running statistics', () => {
  it('track several training batches, then normalise with them in eval mode', () => {
    const bn = new BatchNorm1d(3, { dtype: 'float64' })
    batchNormSequence.batches.forEach((b, i) =>
      expectClose(bn.forward(decode(b)), batchNormSequence.outputs[i], `output of batch ${i}`),
    )
    const state = bn.stateDict()
    for (const [name, v] of Object.entries(batchNormSequence.state))
      expectClose(state[name], v, name)
    bn.eval()
    expectClose(
      bn.forward(decode(batchNormSequence.evalInput)),
      batchNormSequence.evalOutput,
      'eval output',
    )
  })
})
