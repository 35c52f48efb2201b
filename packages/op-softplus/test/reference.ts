/**
 * What every softplus test compares against: torch.nn.functional.softplus's values (float64),
 * and a counter on the kernel `use()` installed, which shows that the package's own kernel ran
 * (not a composite that happens to agree).
 */
import { expect } from 'vitest'
import { getBackend, type Kernel } from '@othergrad/core'
import type { SoftplusAttrs } from '../src/index'

// Values from torch.nn.functional.softplus (float64).
export const X = [-30, -1, 0, 1, 2.5, 19.9, 25]
export const EXPECTED = [
  9.357622968839737e-14, 0.31326168751822286, 0.6931471805599453, 1.3132616875182228,
  2.5788897342925496, 19.900000002277924, 25,
]
export const EXPECTED_GRAD = [
  9.3576229688393e-14, 0.2689414213699951, 0.5, 0.7310585786300049, 0.9241418199787564,
  0.9999999977220729, 1,
]
export const EXPECTED_GRAD2 = [
  9.357622968838423e-14, 0.19661193324148185, 0.25, 0.19661193324148185, 0.07010371654510807,
  2.2779269529829097e-9, 0,
]
// softplus(x, beta=2) for x = [-1, 0, 1]
export const BETA2 = [0.06346400552148625, 0.34657359027997264, 1.0634640055214863]
// softplus(x, beta=2, threshold=10) for x = [4.9, 5.1, -3]: below, past and far below it.
export const THRESHOLD_X = [4.9, 5.1, -3]
export const THRESHOLD_EXPECTED = [4.900027725031025, 5.1, 0.0012378425688652247]
// softplus at the edges; e^-100 is a denormal in float32, where torch gives 27 · 2^-149.
export const EDGES = [NaN, Infinity, -Infinity, -100]
export const EDGES_EXPECTED = [NaN, Infinity, 0, 3.720075976020836e-44]
export const EDGES_EXPECTED_F32 = [NaN, Infinity, 0, 3.783505853677006e-44]

/** Each |actual - expected| within `rtol` of |expected| (NaN where NaN is expected). */
export function close(actual: ArrayLike<number>, expected: readonly number[], rtol = 1e-13): void {
  expect(actual.length).toBe(expected.length)
  expected.forEach((e, i) => {
    if (Number.isNaN(e)) expect(actual[i]).toBeNaN()
    else if (!Number.isFinite(e)) expect(actual[i]).toBe(e)
    else expect(Math.abs(actual[i] - e)).toBeLessThanOrEqual(rtol * Math.abs(e) + 1e-300)
  })
}

/** Wraps the kernel `use()` installed for softplus on the active backend with a call counter. */
export function countKernelCalls(): { calls: number } {
  const table = getBackend().kernels
  expect(table.ownerOf('softplus')).toBe('@othergrad/op-softplus')
  const kernel = table.get('softplus') as Kernel<SoftplusAttrs>
  const counter = { calls: 0 }
  table.replace<SoftplusAttrs>('softplus', (inputs, attrs, outputs) => {
    counter.calls++
    return kernel(inputs, attrs, outputs)
  })
  return counter
}
