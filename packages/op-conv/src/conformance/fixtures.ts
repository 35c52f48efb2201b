import { fileFixtureLoader } from '@othergrad/conformance'

/** op-conv's own PyTorch fixtures (packages/op-conv/fixtures, written by tooling/generate.py). */
export const fixtures = fileFixtureLoader(new URL('../../fixtures/', import.meta.url))
