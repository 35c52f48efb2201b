/**
 * Just enough of vitest's API (describe, it, beforeAll, afterAll, expect) to run the
 * conformance suite inside a browser page: esbuild aliases `vitest` to this file. Tests are
 * collected as the suite registers them and run one after another by `runCollected`.
 */
import * as chai from 'chai'
import {
  JestAsymmetricMatchers,
  JestChaiExpect,
  JestExtend,
  setState,
  type ExpectStatic,
} from '@vitest/expect'

type Hook = () => unknown

interface Block {
  name: string
  tests: { name: string; fn: Hook }[]
  children: Block[]
  beforeAll: Hook[]
  afterAll: Hook[]
}

const root: Block = { name: '', tests: [], children: [], beforeAll: [], afterAll: [] }
let current = root

export function describe(name: string, fn: () => void): void {
  const block: Block = { name, tests: [], children: [], beforeAll: [], afterAll: [] }
  current.children.push(block)
  const parent = current
  current = block
  try {
    fn()
  } finally {
    current = parent
  }
}

export function it(name: string, fn: Hook): void {
  current.tests.push({ name, fn })
}
export const test = it

export function beforeAll(fn: Hook): void {
  current.beforeAll.push(fn)
}

export function afterAll(fn: Hook): void {
  current.afterAll.push(fn)
}

chai.use(JestExtend)
chai.use(JestChaiExpect)
chai.use(JestAsymmetricMatchers)

/** vitest's `expect`, built from the same chai plugins vitest uses. */
export const expect = ((value: unknown, message?: string) =>
  chai.expect(value, message)) as unknown as ExpectStatic
Object.assign(expect, chai.expect)
setState(
  {
    assertionCalls: 0,
    isExpectingAssertions: false,
    isExpectingAssertionsError: null,
    expectedAssertionsNumber: null,
    expectedAssertionsNumberErrorGen: null,
  },
  expect,
)

export interface TestResult {
  name: string
  ok: boolean
  error?: string
  ms: number
}

/** Runs every collected test in order; a failing beforeAll fails the tests of its block. */
export async function runCollected(report: (r: TestResult) => void): Promise<TestResult[]> {
  const results: TestResult[] = []
  async function run(block: Block, path: string, inherited: string | undefined): Promise<void> {
    const prefix = block.name ? (path ? `${path} > ${block.name}` : block.name) : path
    let setupError = inherited
    if (setupError === undefined) {
      try {
        for (const hook of block.beforeAll) await hook()
      } catch (e) {
        setupError = `beforeAll failed: ${message(e)}`
      }
    }
    for (const t of block.tests) {
      const start = performance.now()
      const result: TestResult = { name: `${prefix} > ${t.name}`, ok: false, ms: 0 }
      if (setupError !== undefined) result.error = setupError
      else {
        try {
          await t.fn()
          result.ok = true
        } catch (e) {
          result.error = message(e)
        }
      }
      result.ms = performance.now() - start
      results.push(result)
      report(result)
    }
    for (const child of block.children) await run(child, prefix, setupError)
    for (const hook of block.afterAll) {
      try {
        await hook()
      } catch (e) {
        report({ name: `${prefix} > afterAll`, ok: false, error: message(e), ms: 0 })
      }
    }
  }
  await run(root, '', undefined)
  return results
}

function message(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e)
}
