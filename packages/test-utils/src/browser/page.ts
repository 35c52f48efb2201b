/**
 * The page side of `runInChromium` (runInChromium.mjs): a fixture loader over the routes it
 * serves, and `runPage`, which it calls once every entry has registered its tests.
 */
import { runCollected, type TestResult } from './vitestShim'

/** What the page and runInChromium.mjs exchange through globals. */
interface PageGlobals {
  /** Set when every test has run; runInChromium waits for it. */
  othergradTests?: { passed: number; failed: number; skipped: number }
  /** Exposed by runInChromium: called once per test as it finishes. */
  othergradReport?: (r: TestResult) => void
}

const page = globalThis as typeof globalThis & PageGlobals

/**
 * A conformance `loadFixture` for the page: fetches `/fixtures/<op>.json`, which runInChromium
 * serves from its `fixtures` directory.
 */
export async function fetchFixture<T>(op: string): Promise<T> {
  const response = await fetch(`/fixtures/${op}.json`)
  if (!response.ok) throw new Error(`no fixture file for op '${op}' (${response.status})`)
  return (await response.json()) as T
}

/** Runs every collected test, reporting each one, then publishes the totals. */
export async function runPage(): Promise<void> {
  const all = await runCollected((r) => page.othergradReport?.(r))
  const failed = all.filter((r) => !r.ok).length
  const skipped = all.filter((r) => r.skipped).length
  page.othergradTests = { passed: all.length - failed - skipped, failed, skipped }
}
