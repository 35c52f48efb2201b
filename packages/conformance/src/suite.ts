import { afterAll, beforeAll, beforeEach, describe, it } from 'vitest'
import { setBackend, setGradEnabled, use, type Backend } from '@othergrad/core'
import type { ConformanceCase, OpCase } from './case'
import { allCases } from './cases/index'
import type { FloatDType } from './cases/tolerances'
import { cachedLoader, nodeFixtureLoader, type FixtureFile, type FixtureLoader } from './fixtures'
import { runOpCase, runPropertyCase, runThrowsCase, type RunEnv } from './runner'

/** `registerConformanceSuite`'s options: the backend, its dtypes, and extra cases. */
export interface ConformanceOptions {
  /** The backend's name, as `setBackend` knows it (`'cpu'`, `'wasm'`, `'webgpu'`). */
  name: string
  /** Creates the backend; it is registered with `use()` and selected with `setBackend(name)` once. */
  backend: () => Backend | Promise<Backend>
  /** Float dtypes to run every case in (default `['float32']`); gradcheck cases need `'float64'`. */
  dtypes?: readonly FloatDType[]
  /** Cases of operator packages, run with core's. */
  extraCases?: readonly ConformanceCase[]
  /**
   * Run core's own cases too (default true). An operator package's suite sets it false to run
   * only its `extraCases`, which core's run on each backend already covers.
   */
  coreCases?: boolean
  /** Loads `fixtures/<op>.json`; the default reads this package's files with `node:fs`. */
  loadFixture?: FixtureLoader
}

function caseTitle(c: ConformanceCase): string {
  return c.kind === 'op' ? c.id : c.kind === 'throws' ? `throws: ${c.name}` : c.name
}

function groupByOp(cases: readonly ConformanceCase[]): Map<string, ConformanceCase[]> {
  const groups = new Map<string, ConformanceCase[]>()
  for (const c of cases) {
    let list = groups.get(c.op)
    if (!list) groups.set(c.op, (list = []))
    list.push(c)
  }
  return groups
}

/**
 * Registers the whole conformance suite with vitest for one backend: every PyTorch golden case in
 * every requested dtype, then gradcheck, memory, error and engine-semantics checks. A backend is
 * complete when all of it passes.
 *
 * @example
 * registerConformanceSuite({ name: 'cpu', backend: () => cpuBackend(), dtypes: ['float32', 'float64'] })
 */
export function registerConformanceSuite(options: ConformanceOptions): void {
  const { name } = options
  const dtypes = options.dtypes ?? ['float32']
  const cases = [...(options.coreCases === false ? [] : allCases), ...(options.extraCases ?? [])]
  const load = cachedLoader(options.loadFixture ?? nodeFixtureLoader)
  const perLoader = new Map<FixtureLoader, (op: string) => Promise<FixtureFile<unknown>>>()
  const loadWith = (op: string, loader?: FixtureLoader) => {
    if (!loader) return load(op)
    let cached = perLoader.get(loader)
    if (!cached) perLoader.set(loader, (cached = cachedLoader(loader)))
    return cached(op)
  }
  const stats = { ran: 0, passed: 0 }

  describe(`conformance[${name}]`, () => {
    beforeAll(async () => {
      const backend = await options.backend()
      if (backend.name !== name) {
        throw new Error(
          `conformance: the backend factory made a backend named '${backend.name}', but the suite was registered as '${name}'`,
        )
      }
      use(backend)
      await setBackend(name)
    })

    // Creation ops allocate on the active backend; another suite in the same file may have moved it.
    beforeEach(async () => {
      await setBackend(name)
    })

    afterAll(() => {
      console.log(`conformance[${name}]: ${stats.ran} cases, ${stats.passed} passed`)
    })

    for (const dtype of dtypes) {
      const env: RunEnv = { backend: name, dtype, load: loadWith }
      const runs = (c: ConformanceCase) =>
        !(c.kind === 'property' && c.dtypes && !c.dtypes.includes(dtype)) &&
        !(c.kind === 'op' && c.requires && !c.requires.every((d) => dtypes.includes(d)))
      describe(dtype, () => {
        for (const [op, group] of groupByOp(cases.filter(runs))) {
          describe(op, () => {
            for (const c of group) {
              it(caseTitle(c), async () => {
                stats.ran++
                setGradEnabled(true)
                if (c.kind === 'op') await runOpCase(c, env)
                else if (c.kind === 'property') await runPropertyCase(c, env)
                else await runThrowsCase(c, env)
                stats.passed++
              })
            }
          })
        }
      })
    }

    it('runs every case of every fixture file it loads', async () => {
      const byFile = new Map<string, Set<string>>()
      for (const c of cases.filter((c): c is OpCase => c.kind === 'op' && !c.fixtures)) {
        let ids = byFile.get(c.op)
        if (!ids) byFile.set(c.op, (ids = new Set()))
        ids.add(`${c.op}/${c.id}`)
      }
      const unused: string[] = []
      for (const [op, ids] of byFile) {
        const file = await load(op)
        for (const id of Object.keys(file.cases)) if (!ids.has(id)) unused.push(id)
      }
      if (unused.length > 0) {
        throw new Error(
          `conformance: fixture cases with no case in src/cases (add a line for each): ${unused.join(', ')}`,
        )
      }
    })
  })
}
