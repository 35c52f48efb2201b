// suite
export { registerConformanceSuite } from './suite'
export type { ConformanceOptions } from './suite'
// The runner, cases, tolerances, comparison and fixtures: the same exports as
// `@othergrad/conformance/run`, kept in one list there.
export * from './runEntry'
export { allCases } from './cases/index'
