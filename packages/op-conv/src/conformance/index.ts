import type { ConformanceCase, FixtureLoader } from '@othergrad/conformance'
import { adaptiveAvgPool2dCases } from './adaptiveAvgPool2d'
import { avgPool2dCases } from './avgPool2d'
import { batchNorm2dCases } from './batchNorm2d'
import { conv1dCases } from './conv1d'
import { conv2dCases } from './conv2d'
import { gradcheckCases } from './gradcheck'
import { maxPool2dCases } from './maxPool2d'

/**
 * Every op-conv case for `registerConformanceSuite({ extraCases: convCases() })`; a browser
 * runner passes its own fixture loader.
 */
export function convCases(fixtures?: FixtureLoader): ConformanceCase[] {
  return [
    ...conv2dCases(fixtures),
    ...conv1dCases(fixtures),
    ...maxPool2dCases(fixtures),
    ...avgPool2dCases(fixtures),
    ...adaptiveAvgPool2dCases(fixtures),
    ...batchNorm2dCases(fixtures),
    ...gradcheckCases,
  ]
}
