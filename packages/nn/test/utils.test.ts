import { describe, expect, it } from 'vitest'
import { tensor, zerosLike, type Tensor } from '@othergrad/core'
import { utils } from '../src/index'
import { decode, expectClose, fixture, type Encoded } from './helpers'
import { useCpu } from './setup'

await useCpu()

interface UtilsFixture {
  grads: Encoded[]
  clipGradNorm: { maxNorm: number; normType: number | 'inf'; total: Encoded; grads: Encoded[] }[]
  clipGradValue: { clipValue: number; grads: Encoded[] }
}

const f = fixture<UtilsFixture>('utils.json')

function withGrads(): Tensor[] {
  return f.grads.map((g) => {
    const p = zerosLike(decode(g)).requiresGrad_()
    p.grad = decode(g)
    return p
  })
}

describe('gradient clipping matches PyTorch', () => {
  for (const c of f.clipGradNorm) {
    it(`clipGradNorm_ to ${c.maxNorm} in the ${c.normType} norm`, () => {
      const params = withGrads()
      const total = utils.clipGradNorm_(
        params,
        c.maxNorm,
        c.normType === 'inf' ? Infinity : c.normType,
      )
      expectClose(total, c.total, 'total norm')
      params.forEach((p, i) => expectClose(p.grad, c.grads[i], `gradient ${i}`))
    })
  }

  it('clipGradValue_ clamps every gradient', () => {
    const params = withGrads()
    utils.clipGradValue_(params, f.clipGradValue.clipValue)
    params.forEach((p, i) => expectClose(p.grad, f.clipGradValue.grads[i], `gradient ${i}`))
  })

  it('skips parameters without gradients and returns 0 when none have one', () => {
    expect(utils.clipGradNorm_([tensor([1], { requiresGrad: true })], 1).itemSync()).toBe(0)
  })

  it('throws on a non-finite norm only when asked to', () => {
    const p = tensor([1], { requiresGrad: true })
    p.grad = tensor([Infinity])
    expect(() => utils.clipGradNorm_(p, 1, 2, { errorIfNonfinite: true })).toThrow(/non-finite/)
    expect(utils.clipGradNorm_(p, 1).itemSync()).toBe(Infinity)
  })
})
