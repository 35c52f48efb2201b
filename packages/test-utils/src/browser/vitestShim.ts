/**
 * Just enough of vitest's API (describe, it, beforeAll, afterAll, expect) to run the
 * conformance suite and kernel tests inside a browser page: runInChromium.mjs has esbuild alias
 * `vitest` to this file. Tests are collected as they register and run one after another by
 * `runCollected`.
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
  /** Tests and nested blocks, in declaration order (as vitest runs them). */
  entries: ({ test: string; fn: Hook | null } | { block: Block })[]
  beforeAll: Hook[]
  afterAll: Hook[]
  beforeEach: Hook[]
  afterEach: Hook[]
}

function block(name: string): Block {
  return { name, entries: [], beforeAll: [], afterAll: [], beforeEach: [], afterEach: [] }
}

const root = block('')
let current = root

function collect(name: string, fn: () => void): void {
  const child = block(name)
  current.entries.push({ block: child })
  const parent = current
  current = child
  try {
    fn()
  } finally {
    current = parent
  }
}

export const describe = Object.assign(collect, {
  skip: (name: string) => current.entries.push({ test: `${name} (skipped)`, fn: null }),
})

function test(name: string, fn: Hook): void {
  current.entries.push({ test: name, fn })
}

export const it = Object.assign(test, {
  skip: (name: string) => current.entries.push({ test: name, fn: null }),
  todo: (name: string) => current.entries.push({ test: name, fn: null }),
})
export { it as test }

export function beforeAll(fn: Hook): void {
  current.beforeAll.push(fn)
}

export function afterAll(fn: Hook): void {
  current.afterAll.push(fn)
}

export function beforeEach(fn: Hook): void {
  current.beforeEach.push(fn)
}

export function afterEach(fn: Hook): void {
  current.afterEach.push(fn)
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
  skipped?: boolean
  error?: string
  ms: number
}

/**
 * Runs every collected test in declaration order, with the hooks of its enclosing blocks; a
 * failing beforeAll fails the tests of its block.
 */
export async function runCollected(report: (r: TestResult) => void): Promise<TestResult[]> {
  const results: TestResult[] = []
  const record = (r: TestResult) => {
    results.push(r)
    report(r)
  }
  async function run(b: Block, path: string, outer: Block[], failed: string | undefined) {
    const prefix = b.name ? (path ? `${path} > ${b.name}` : b.name) : path
    const chain = [...outer, b]
    let setupError = failed
    if (setupError === undefined) {
      try {
        for (const hook of b.beforeAll) await hook()
      } catch (e) {
        setupError = `beforeAll failed: ${message(e)}`
      }
    }
    for (const entry of b.entries) {
      if ('block' in entry) {
        await run(entry.block, prefix, chain, setupError)
        continue
      }
      const name = `${prefix} > ${entry.test}`
      if (entry.fn === null) {
        record({ name, ok: true, skipped: true, ms: 0 })
        continue
      }
      const start = performance.now()
      let error = setupError
      if (error === undefined) {
        try {
          for (const c of chain) for (const hook of c.beforeEach) await hook()
          await entry.fn()
        } catch (e) {
          error = message(e)
        }
        try {
          for (const c of [...chain].reverse()) for (const hook of c.afterEach) await hook()
        } catch (e) {
          error ??= `afterEach failed: ${message(e)}`
        }
      }
      record({ name, ok: error === undefined, error, ms: performance.now() - start })
    }
    for (const hook of b.afterAll) {
      try {
        await hook()
      } catch (e) {
        record({ name: `${prefix} > afterAll`, ok: false, error: message(e), ms: 0 })
      }
    }
  }
  await run(root, '', [], undefined)
  return results
}

function message(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e)
}
