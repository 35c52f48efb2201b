import { manualSeed, rand, uniformValues } from '@othergrad/core'
import { property, type ConformanceCase } from '../case'
import type { RandomFixture } from '../fixtures'
import type { FloatDType } from './tolerances'

/**
 * `manualSeed(s); rand(n)` and `uniform_` must draw PyTorch's CPU values bit for bit, so a model
 * initialises identically in both. Each line checks one `random.json` entry.
 */
function draws(dtype: FloatDType, id: string): ConformanceCase {
  return property('random', id, async (ctx) => {
    const fx = (await ctx.fixture<RandomFixture>('random')).cases[`random/${id}`]
    if (!fx) throw new Error(`conformance: no fixture 'random/${id}' in fixtures/random.json`)
    manualSeed(fx.seed)
    const got: number[] = []
    for (const call of fx.calls) {
      if (call.fn === 'rand') got.push(...(await rand([call.n], { dtype: fx.dtype, backend: ctx.backend }).data()))
      else got.push(...uniformValues(call.n, call.from, call.to, fx.dtype))
    }
    const expected = fx.dtype === 'float32' ? fx.values.map(Math.fround) : fx.values
    const bad = expected.findIndex((v, i) => got[i] !== v)
    if (got.length !== expected.length || bad !== -1) {
      throw new Error(
        `conformance[${ctx.backend}] random/${id}: draws differ from PyTorch's at index ${bad} ` +
          `(got ${got[bad]}, expected ${expected[bad]}; ${got.length} values, expected ${expected.length})`,
      )
    }
  }, { dtypes: [dtype] })
}

export const randomCases: ConformanceCase[] = [
  draws('float32', 'rand float32 seed=0 n=5'),
  draws('float32', 'rand float32 seed=42 n=100'),
  draws('float32', 'rand float32 seed=4294967303 n=8'),
  draws('float32', 'rand float32 seed=123456789 n=700'),
  draws('float32', 'rand float32 two calls'),
  draws('float32', 'uniform float32 seed=0 [-2.0,3.0)'),
  draws('float32', 'uniform float32 seed=99 [-0.1,0.1)'),
  draws('float32', 'uniform float32 seed=5 [0.001,1000.0)'),
  draws('float64', 'rand float64 seed=0 n=5'),
  draws('float64', 'rand float64 seed=42 n=100'),
  draws('float64', 'rand float64 seed=4294967303 n=8'),
  draws('float64', 'rand float64 seed=123456789 n=700'),
  draws('float64', 'rand float64 two calls'),
  draws('float64', 'uniform float64 seed=0 [-2.0,3.0)'),
  draws('float64', 'uniform float64 seed=99 [-0.1,0.1)'),
  draws('float64', 'uniform float64 seed=5 [0.001,1000.0)'),
]
