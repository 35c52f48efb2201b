import { readFileSync } from 'node:fs'
import { tensor, type DType, type Tensor } from '@othergrad/core'
import { expect } from 'vitest'

/** A tensor as the fixture generator stores it: flat C-order data. */
export interface Encoded {
  dtype: DType
  shape: number[]
  data: number[]
}

/**
 * Fixture access for one package's fixtures folder.
 *
 * @example
 * export const { fixture, fixturePath } = fixturesIn(new URL('./fixtures/', import.meta.url))
 */
export function fixturesIn(folder: URL): {
  fixture: <T>(name: string) => T
  fixturePath: (name: string) => string
} {
  return {
    fixture: <T>(name: string): T => JSON.parse(readFileSync(new URL(name, folder), 'utf8')) as T,
    fixturePath: (name: string): string => new URL(name, folder).pathname,
  }
}

export function decode(e: Encoded, requiresGrad = false): Tensor {
  return tensor(e.data, { shape: e.shape, dtype: e.dtype, requiresGrad })
}

export interface Tolerance {
  rtol: number
  atol: number
}

/** float64 fixtures are checked tightly; float32 ones at float32 precision. */
export function toleranceFor(dtype: DType): Tolerance {
  return dtype === 'float64' ? { rtol: 1e-9, atol: 1e-12 } : { rtol: 1e-5, atol: 1e-6 }
}

/**
 * Asserts `actual` matches the PyTorch values elementwise within `atol + rtol·|expected|`,
 * naming the largest error and its index when it does not.
 */
export function expectClose(
  actual: Tensor | null | undefined,
  expected: Encoded,
  what: string,
  tol?: Tolerance,
): void {
  expect(actual, `${what}: missing`).toBeTruthy()
  const t = actual!
  expect([...t.shape], `${what}: shape`).toEqual(expected.shape)
  const { rtol, atol } = tol ?? toleranceFor(expected.dtype)
  const values = t.dataSync()
  let worst = -1
  let worstExcess = 0
  for (let i = 0; i < expected.data.length; i++) {
    const e = expected.data[i]
    const a = values[i]
    const err = Math.abs(a - e)
    const excess = err - (atol + rtol * Math.abs(e))
    if (Number.isNaN(a) || excess > worstExcess) {
      worst = i
      worstExcess = Number.isNaN(a) ? Infinity : excess
    }
  }
  if (worst >= 0) {
    const e = expected.data[worst]
    const a = values[worst]
    expect.fail(
      `${what}: element ${worst} is ${a}, PyTorch gives ${e} (error ${Math.abs(a - e)}, shape [${expected.shape.join(', ')}])`,
    )
  }
}
export { blobs, linearParam } from './training'
