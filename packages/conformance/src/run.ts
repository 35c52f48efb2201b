import { setBackend, setGradEnabled, use, type Backend } from '@othergrad/core'
import type { ConformanceCase, OpCase } from './case'
import type { FloatDType } from './cases/tolerances'
import { cachedLoader, nodeFixtureLoader, type FixtureFile, type FixtureLoader } from './fixtures'
import { runOpCase, runPropertyCase, runThrowsCase, type RunEnv } from './runner'

/** `runConformance`'s options: the backend, the cases, their dtypes and fixtures. */
export interface RunConformanceOptions {
  /** The backend's name, as `setBackend` knows it (`'cpu'`, `'wasm'`, `'webgpu'`). */
  name: string
  /**
   * Creates the backend, which is then registered with `use()` and selected. Leave it out to run
   * on a backend already registered under `name` (wrap its kernels first, to count their calls).
   */
  backend?: () => Backend | Promise<Backend>
  /** The cases to run: an operator package's, or `allCases` for core's. */
  cases: readonly ConformanceCase[]
  /** Float dtypes to run every case in (default `['float32']`); gradcheck cases need `'float64'`. */
  dtypes?: readonly FloatDType[]
  /** Loads `<op>.json` for op cases without a loader of their own (default: core's fixtures, `node:fs`). */
  loadFixture?: FixtureLoader
  /** Called as each case finishes (a progress line, a test reporter). */
  onResult?: (result: CaseResult) => void
}

/** The outcome of one case in one dtype. */
export interface CaseResult {
  readonly backend: string
  readonly dtype: FloatDType
  readonly op: string
  /** The case's id (golden cases) or sentence (properties, `throws: ...` for error cases). */
  readonly name: string
  readonly ok: boolean
  /** Why it failed: the message naming the pass, the shape and the largest error. */
  readonly error?: string
}

/** What `runConformance` found: every result, the failures, and fixture cases nothing ran. */
export interface ConformanceReport {
  readonly backend: string
  readonly results: readonly CaseResult[]
  readonly passed: number
  readonly failed: readonly CaseResult[]
  /** Fixture ids (`<op>/<id>`) in a loaded fixture file that no case ran: a case file missing a line. */
  readonly unusedFixtures: readonly string[]
  /** True when every case passed, at least one ran, and no fixture case went unused. */
  readonly ok: boolean
}

/**
 * Runs conformance cases on one backend without a test runner and resolves to a report: the
 * same cases and checks as `registerConformanceSuite`, for a browser page, a script or any test
 * framework. It never throws for a failing case; check `report.ok`.
 *
 * @example
 * import { runConformance } from '@othergrad/conformance/run'
 *
 * const report = await runConformance({ name: 'wasm', backend: () => wasmBackend(), cases: geluCases() })
 * if (!report.ok) throw new Error(report.failed.map((r) => r.error).join('\n'))
 */
export async function runConformance(options: RunConformanceOptions): Promise<ConformanceReport> {
  const { name } = options
  if (options.backend) {
    const backend = await options.backend()
    if (backend.name !== name) {
      throw new Error(
        `conformance: the backend factory made a backend named '${backend.name}', but runConformance was given '${name}'`,
      )
    }
    use(backend)
  }
  await setBackend(name)
  const load = cachedLoader(options.loadFixture ?? nodeFixtureLoader)
  const loaders = new Map<FixtureLoader, (op: string) => Promise<FixtureFile<unknown>>>()
  const loadWith = (op: string, loader?: FixtureLoader) => {
    if (!loader) return load(op)
    let cached = loaders.get(loader)
    if (!cached) loaders.set(loader, (cached = cachedLoader(loader)))
    return cached(op)
  }
  const dtypes = options.dtypes ?? ['float32']
  const results: CaseResult[] = []
  for (const dtype of dtypes) {
    const env: RunEnv = { backend: name, dtype, load: loadWith }
    for (const c of options.cases) {
      if (c.kind === 'property' && c.dtypes && !c.dtypes.includes(dtype)) continue
      if (c.kind === 'op' && c.requires && !c.requires.every((d) => dtypes.includes(d))) continue
      const title = c.kind === 'op' ? c.id : c.kind === 'throws' ? `throws: ${c.name}` : c.name
      let error: string | undefined
      try {
        // A case may select another backend or turn grad mode off; each starts from the same state.
        await setBackend(name)
        setGradEnabled(true)
        if (c.kind === 'op') await runOpCase(c, env)
        else if (c.kind === 'property') await runPropertyCase(c, env)
        else await runThrowsCase(c, env)
      } catch (e) {
        error = e instanceof Error ? e.message : String(e)
      }
      const result = { backend: name, dtype, op: c.op, name: title, ok: error === undefined, error }
      results.push(result)
      options.onResult?.(result)
    }
  }
  const unusedFixtures = await unusedFixtureCases(options.cases, loadWith)
  const failed = results.filter((r) => !r.ok)
  return {
    backend: name,
    results,
    passed: results.length - failed.length,
    failed,
    unusedFixtures,
    ok: failed.length === 0 && results.length > 0 && unusedFixtures.length === 0,
  }
}

/** Ids in the fixture files the op cases read that no op case names. */
async function unusedFixtureCases(
  cases: readonly ConformanceCase[],
  load: (op: string, loader?: FixtureLoader) => Promise<FixtureFile<unknown>>,
): Promise<string[]> {
  const files = new Map<string, { op: string; loader?: FixtureLoader; ids: Set<string> }>()
  const loaderIds = new Map<FixtureLoader | undefined, number>()
  for (const c of cases.filter((c): c is OpCase => c.kind === 'op')) {
    if (!loaderIds.has(c.fixtures)) loaderIds.set(c.fixtures, loaderIds.size)
    const key = `${loaderIds.get(c.fixtures)}:${c.op}`
    let file = files.get(key)
    if (!file) files.set(key, (file = { op: c.op, loader: c.fixtures, ids: new Set() }))
    file.ids.add(`${c.op}/${c.id}`)
  }
  const unused: string[] = []
  for (const { op, loader, ids } of files.values()) {
    const file = await load(op, loader)
    for (const id of Object.keys(file.cases)) if (!ids.has(id)) unused.push(id)
  }
  return unused
}
