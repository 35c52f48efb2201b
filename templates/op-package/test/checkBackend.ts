/**
 * The check every backend gets, in Node (gelu.test.ts) and in Chromium (browser/page.ts):
 * register the package and the backend, count this package's kernel calls, run every
 * conformance case in the backend's dtypes, and say what went wrong.
 */
import { runConformance, type FixtureLoader } from '@othergrad/conformance/run'
import type { FloatDType } from '@othergrad/conformance/run'
import { setBackend, tensor, use, type Backend } from '@othergrad/core'
import { geluOps } from '../src/index'
import { countKernelCalls } from './countKernelCalls'
import { geluCases } from './geluCases'

/** What one backend did: its cases, its kernel calls, and every problem as a sentence. */
export interface BackendCheck {
  backend: string
  passed: number
  calls: { gelu: number; geluBackward: number }
  threads: number
  problems: string[]
}

/** Runs gelu's conformance on `backend` in `dtypes`; `problems` is empty when all is well. */
export async function checkBackend(
  backend: Backend,
  dtypes: readonly FloatDType[],
  fixtures: FixtureLoader,
): Promise<BackendCheck> {
  use(geluOps())
  use(backend)
  await setBackend(backend.name)
  const calls = countKernelCalls()
  const report = await runConformance({ name: backend.name, cases: geluCases(fixtures), dtypes })
  const problems = [
    ...report.failed.map((r) => `${r.op}/${r.name} (${r.dtype}): ${r.error}`),
    ...report.unusedFixtures.map((id) => `fixture case ${id} has no conformance case`),
  ]
  if (report.results.length === 0) problems.push('no case ran')
  for (const [op, n] of Object.entries(calls)) {
    if (n === 0) problems.push(`the package's '${op}' kernel never ran on ${backend.name}`)
  }
  if (typeof tensor([1]).gelu !== 'function') problems.push('x.gelu() is missing after use()')
  const threads = backend.memory().threads ?? 1
  return { backend: backend.name, passed: report.passed, calls, threads, problems }
}
