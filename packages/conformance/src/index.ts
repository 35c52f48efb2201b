// suite
export { registerConformanceSuite } from './suite'
export type { ConformanceOptions } from './suite'
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
export { allCases } from './cases/index'
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
