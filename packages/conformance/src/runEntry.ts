// `@othergrad/conformance/run`: the cases and a runner with no test framework, so a browser page
// (or any script) can import them; `@othergrad/conformance` itself registers vitest blocks.

// runner
export { runConformance } from './run'
export type { CaseResult, ConformanceReport, RunConformanceOptions } from './run'

// cases
export { op, property, raisesOnRead, throws } from './case'
export type {
  CaseContext,
  CaseFn,
  CaseOutput,
  ConformanceCase,
  OpCase,
  PropertyCase,
  ThrowsCase,
} from './case'
export { EXACT, TOLERANCES } from './cases/tolerances'
export type { DTypeTolerances, FloatDType, Tolerance } from './cases/tolerances'

// comparison
export { compareValues, maxMagnitude } from './compare'
export type { Mismatch } from './compare'

// fixtures
export { decodeValue, decodeValues, fileFixtureLoader, nodeFixtureLoader } from './fixtures'
export type {
  FixtureCase,
  FixtureDType,
  FixtureFile,
  FixtureLoader,
  FixtureTensor,
  FixtureValue,
  RandomFixture,
} from './fixtures'
