import { fileFixtureLoader, type FixtureLoader } from '@othergrad/conformance'

let files: FixtureLoader | undefined

/**
 * op-conv's own PyTorch fixtures (packages/op-conv/fixtures, written by tooling/generate.py),
 * read with node:fs on first use (a browser run passes its own loader instead).
 */
export const fixtures: FixtureLoader = (op) =>
  (files ??= fileFixtureLoader(new URL('../../fixtures/', import.meta.url)))(op)
