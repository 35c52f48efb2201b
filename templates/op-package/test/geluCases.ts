/**
 * gelu's conformance cases: one line per fixture case in fixtures/gelu.json (tooling/cases.py
 * wrote it from PyTorch), and the calls PyTorch rejects. `runConformance` compares outputs,
 * gradients and second derivatives with PyTorch's on any backend.
 */
import { op, throws, type ConformanceCase, type FixtureLoader } from '@othergrad/conformance/run'
import { tensor, type Tensor } from '@othergrad/core'
import { gelu } from '../src/index'

/** Every gelu case, reading fixtures with `fixtures` (node:fs in Node, a bundled import in a page). */
export function geluCases(fixtures: FixtureLoader): ConformanceCase[] {
  const exact = (id: string) => op('gelu', id, (x: Tensor) => gelu(x), { fixtures })
  const tanh = (id: string) =>
    op('gelu', id, (x: Tensor) => gelu(x, { approximate: 'tanh' }), { fixtures })
  return [
    exact('3x4'),
    exact('[]'),
    exact('0x3'),
    exact('2x3x5 gradgrad'),
    exact('wide'),
    exact('huge'),
    exact('nan'),
    op('gelu', 'method 2x5', (x: Tensor) => x.gelu(), { fixtures }),
    tanh('tanh 3x4'),
    tanh('tanh 2x3x5 gradgrad'),
    tanh('tanh wide'),
    tanh('tanh 37 (simd tail)'),
    throws(
      'gelu',
      'rejects an int32 input',
      () => gelu(tensor([1, 2], { dtype: 'int32' })),
      /expected a floating point input, got int32/,
    ),
    throws(
      'gelu',
      "rejects approximate: 'tan'",
      (ctx) => gelu(ctx.randn([2]), { approximate: 'tan' as 'tanh' }),
      /approximate must be 'none' or 'tanh', got 'tan'/,
    ),
    throws(
      'gelu',
      'rejects an unknown option',
      (ctx) => gelu(ctx.randn([2]), { approx: 'tanh' } as never),
      /unknown option 'approx'; did you mean 'approximate'\?/,
    ),
  ]
}
