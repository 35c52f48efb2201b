import { describe, expect, it } from 'vitest'
import { manualSeed, ones, tensor, zeros, type Tensor } from '@othergrad/core'
import {
  BatchNorm1d,
  Dropout,
  Embedding,
  LayerNorm,
  Linear,
  Module,
  Parameter,
  ReLU,
  Sequential,
} from '../src/index'
import { useCpu } from './setup'

await useCpu()

class Block extends Module {
  fc = new Linear(3, 4)
  bn = new BatchNorm1d(4)
  scale = new Parameter(ones([4]))
  note = 'plain fields are not registered'

  forward(x: Tensor): Tensor {
    return this.bn.forward(this.fc.forward(x)).mul(this.scale)
  }
}

class Net extends Module {
  declare shared: Linear
  embed = new Embedding(10, 3)
  block = new Block()
  head = new Sequential(new ReLU(), new Linear(4, 2))
  drop = new Dropout(0.1)

  constructor() {
    super()
    this.registerBuffer('steps', zeros([], { dtype: 'int32' }))
    this.registerBuffer('cache', zeros([2]), false)
  }

  forward(ids: Tensor): Tensor {
    return this.head.forward(this.drop.forward(this.block.forward(this.embed.forward(ids))))
  }
}

describe('Module registration', () => {
  it('registers parameters and submodules in assignment order with dotted names', () => {
    const net = new Net()
    expect(net.namedParameters().map(([n]) => n)).toEqual([
      'embed.weight',
      'block.scale',
      'block.fc.weight',
      'block.fc.bias',
      'block.bn.weight',
      'block.bn.bias',
      'head.1.weight',
      'head.1.bias',
    ])
    expect(net.parameters()).toHaveLength(8)
    expect(net.parameters(false)).toHaveLength(0)
    expect(net.namedChildren().map(([n]) => n)).toEqual(['embed', 'block', 'head', 'drop'])
    expect(net.namedModules().map(([n]) => n)).toEqual([
      '',
      'embed',
      'block',
      'block.fc',
      'block.bn',
      'head',
      'head.0',
      'head.1',
      'drop',
    ])
    expect(net.namedBuffers().map(([n]) => n)).toEqual([
      'steps',
      'cache',
      'block.bn.running_mean',
      'block.bn.running_var',
      'block.bn.num_batches_tracked',
    ])
  })

  it('puts parameters and persistent buffers in the state dict, PyTorch’s keys and order', () => {
    const keys = Object.keys(new Net().stateDict())
    expect(keys).toEqual([
      'steps',
      'embed.weight',
      'block.scale',
      'block.fc.weight',
      'block.fc.bias',
      'block.bn.weight',
      'block.bn.bias',
      'block.bn.running_mean',
      'block.bn.running_var',
      'block.bn.num_batches_tracked',
      'head.1.weight',
      'head.1.bias',
    ])
  })

  it('lists a shared parameter once', () => {
    const net = new Net()
    net.shared = net.head.at(1) as Linear
    expect(net.parameters()).toHaveLength(8)
    expect(net.namedParameters().map(([n]) => n)).not.toContain('shared.weight')
  })

  it('updates a buffer in place of the old one when a tensor is assigned to its name', () => {
    const bn = new BatchNorm1d(2)
    bn.runningMean = tensor([1, 2])
    expect(bn.stateDict().running_mean.toArraySync()).toEqual([1, 2])
    expect(bn.buffers()).toHaveLength(3)
  })

  it('refuses a plain tensor where a parameter is registered', () => {
    const fc = new Linear(2, 2)
    expect(() => {
      ;(fc as unknown as { weight: Tensor }).weight = zeros([2, 2])
    }).toThrow(/cannot assign 'Tensor\(float32, \[2, 2\]\)' as parameter 'weight'/)
  })

  it('declares a missing bias as null, out of the parameters and the state dict', () => {
    const fc = new Linear(3, 2, { bias: false })
    expect(fc.bias).toBeNull()
    expect(fc.namedParameters().map(([n]) => n)).toEqual(['weight'])
    expect(Object.keys(fc.stateDict())).toEqual(['weight'])
  })

  it('names Sequential children by the keys of an object, like an OrderedDict', () => {
    const model = new Sequential({ fc1: new Linear(2, 3), act: new ReLU(), fc2: new Linear(3, 1) })
    expect(Object.keys(model.stateDict())).toEqual([
      'fc1.weight',
      'fc1.bias',
      'fc2.weight',
      'fc2.bias',
    ])
    expect(model.length).toBe(3)
    expect(model.at(-1)).toBe(model.children()[2])
  })

  it('works with JavaScript private fields in subclasses', () => {
    class Scaled extends Module {
      #factor = 2
      fc = new Linear(1, 1)
      forward(x: Tensor): Tensor {
        return this.fc.forward(x).mul(this.#factor)
      }
    }
    const m = new Scaled()
    expect(m.parameters()).toHaveLength(2)
    expect(m.forward(tensor([[1]])).shape).toEqual([1, 1])
  })

  it('removes a deleted attribute from the registry', () => {
    const net = new Net()
    delete (net as unknown as Record<string, unknown>).drop
    expect(net.namedChildren().map(([n]) => n)).toEqual(['embed', 'block', 'head'])
  })
})

describe('Module modes and gradients', () => {
  it('switches training mode recursively', () => {
    const net = new Net()
    expect(net.modules().every((m) => m.training)).toBe(true)
    net.eval()
    expect(net.modules().every((m) => !m.training)).toBe(true)
    net.train()
    expect(net.block.bn.training).toBe(true)
  })

  it('zeroes gradients: to null by default, to zeros with setToNone false', () => {
    const net = new Net()
    net
      .forward(
        tensor(
          [
            [1, 2],
            [3, 4],
          ],
          { dtype: 'int32' },
        ).reshape([-1]),
      )
      .sum()
      .backward()
    expect(net.parameters().every((p) => p.grad !== null)).toBe(true)
    net.zeroGrad({ setToNone: false })
    expect(
      net
        .parameters()
        .every((p) => p.grad !== null && [...p.grad.dataSync()].every((v) => v === 0)),
    ).toBe(true)
    net.zeroGrad()
    expect(net.parameters().every((p) => p.grad === null)).toBe(true)
  })

  it('casts parameters and buffers with double(), keeping registration order', () => {
    const net = new Net().double()
    expect(net.parameters().every((p) => p.dtype === 'float64' && p.requiresGrad)).toBe(true)
    expect(net.block.bn.runningMean!.dtype).toBe('float64')
    expect(net.block.bn.numBatchesTracked!.dtype).toBe('int32')
    expect(net.namedParameters()[0][0]).toBe('embed.weight')
    expect(net.block.fc.weight.dtype).toBe('float64')
  })

  it('applies a function to every module, children first', () => {
    const seen: string[] = []
    new Sequential(new Linear(1, 1), new ReLU()).apply((m) => seen.push(m.constructor.name))
    expect(seen).toEqual(['Linear', 'ReLU', 'Sequential'])
  })

  it('prints like PyTorch', () => {
    const model = new Sequential(
      new Linear(4, 8),
      new ReLU(),
      new LayerNorm(8),
      new Linear(8, 2, { bias: false }),
    )
    expect(model.toString()).toBe(
      'Sequential(\n' +
        '  (0): Linear(in_features=4, out_features=8, bias=True)\n' +
        '  (1): ReLU()\n' +
        '  (2): LayerNorm([8], eps=0.00001, elementwise_affine=True)\n' +
        '  (3): Linear(in_features=8, out_features=2, bias=False)\n' +
        ')',
    )
  })
})

describe('Module state dicts', () => {
  it('round-trips through stateDict and loadStateDict', () => {
    manualSeed(1)
    const a = new Net()
    manualSeed(2)
    const b = new Net()
    const result = b.loadStateDict(a.stateDict())
    expect(result).toEqual({ missingKeys: [], unexpectedKeys: [] })
    const sa = a.stateDict()
    for (const [k, v] of Object.entries(b.stateDict()))
      expect(v.toArraySync()).toEqual(sa[k].toArraySync())
  })

  it('returns stateDict tensors detached, sharing storage with the parameters', () => {
    const fc = new Linear(2, 2)
    const w = fc.stateDict().weight
    expect(w.requiresGrad).toBe(false)
    w.fill_(3)
    expect([...fc.weight.dataSync()]).toEqual([3, 3, 3, 3])
  })

  it('reports missing and unexpected keys, throwing on them when strict', () => {
    const fc = new Linear(2, 2)
    const sd = { weight: zeros([2, 2]), extra: zeros([1]) }
    expect(() => fc.loadStateDict(sd)).toThrow(
      'Error(s) in loading state_dict for Linear:\n\tUnexpected key(s) in state_dict: "extra".\n\tMissing key(s) in state_dict: "bias".',
    )
    expect([...fc.weight.dataSync()].some((v) => v !== 0)).toBe(true)
    expect(fc.loadStateDict(sd, { strict: false })).toEqual({
      missingKeys: ['bias'],
      unexpectedKeys: ['extra'],
    })
    expect([...fc.weight.dataSync()]).toEqual([0, 0, 0, 0])
  })

  it('rejects a shape mismatch even when not strict, and changes nothing', () => {
    const fc = new Linear(2, 3)
    const before = [...fc.bias!.dataSync()]
    expect(() =>
      fc.loadStateDict({ weight: zeros([2, 2]), bias: zeros([3]) }, { strict: false }),
    ).toThrow(
      'size mismatch for weight: copying a param with shape [2, 2] from checkpoint, the shape in current model is [3, 2].',
    )
    expect([...fc.bias!.dataSync()]).toEqual(before)
  })

  it('casts a loaded tensor to the parameter’s dtype', () => {
    const fc = new Linear(1, 1)
    fc.loadStateDict({
      weight: tensor([[0.5]], { dtype: 'float64' }),
      bias: tensor([2], { dtype: 'float64' }),
    })
    expect(fc.weight.dtype).toBe('float32')
    expect(fc.forward(tensor([[4]])).itemSync()).toBe(4)
  })
})

describe('Parameter', () => {
  it('is a leaf that requires grad and shares its data’s storage', () => {
    const data = zeros([2])
    const p = new Parameter(data)
    expect(p.isLeaf && p.requiresGrad).toBe(true)
    data.fill_(5)
    expect([...p.dataSync()]).toEqual([5, 5])
    expect(new Parameter(zeros([1]), false).requiresGrad).toBe(false)
  })
})
