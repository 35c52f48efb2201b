/**
 * The PyTorch golden fixtures: `fixtures/<op>.json`, written by `tooling/fixtures/generate.py`.
 * Loading goes through a `FixtureLoader`, so a browser runner can supply the files its own way;
 * the default reads the files shipped with this package through `node:fs`.
 */

// TYPES

/** A JSON number, or one of the non-finite values JSON cannot spell. */
export type FixtureValue = number | 'nan' | 'inf' | '-inf'

/**
 * `float` is the dtype under test (inputs are float32 values, so they mean the same in float32
 * and float64); `float32`/`float64` are fixed dtypes (an explicit cast in the case).
 */
export type FixtureDType =
  | 'float'
  | 'float32'
  | 'float64'
  | 'int32'
  | 'int16'
  | 'int8'
  | 'uint8'
  | 'bool'

/** One tensor of a fixture case: dtype, shape and values. */
export interface FixtureTensor {
  dtype: FixtureDType
  shape: number[]
  values: FixtureValue[]
  /** Float inputs require grad unless this is false (e.g. class weights PyTorch does not differentiate). */
  grad?: false
  /** Outputs only: the random weight; the fixture's gradients are those of `sum(out * w)`. */
  w?: FixtureValue[]
}

/** One golden case: PyTorch's inputs, outputs and gradients. */
export interface FixtureCase {
  inputs: FixtureTensor[]
  outputs: FixtureTensor[]
  /** Gradient of `Σ sum(out * w)` per input; null for inputs without one. Absent: forward only. */
  grads?: (FixtureValue[] | null)[]
  /**
   * Second derivatives: with `g_i` the gradients above (taken with createGraph),
   * `values[j] = d Σ_i sum(g_i * v[i]) / d input_j`.
   */
  gradgrad?: { v: (FixtureValue[] | null)[]; values: (FixtureValue[] | null)[] }
}

/** One `random.json` entry: `torch.manual_seed(seed)`, then `calls` in order, concatenated. */
export interface RandomFixture {
  dtype: 'float32' | 'float64'
  seed: number
  calls: ({ fn: 'rand'; n: number } | { fn: 'uniform'; n: number; from: number; to: number })[]
  values: number[]
}

/** A `fixtures/<op>.json` file: its cases by id, and the PyTorch version that made them. */
export interface FixtureFile<C = FixtureCase> {
  op: string
  generator: string
  torch: string
  /** Keyed by full id, `<op>/<case>`. */
  cases: Record<string, C>
}

/** Returns the parsed `fixtures/<op>.json`. */
export type FixtureLoader = (op: string) => FixtureFile<unknown> | Promise<FixtureFile<unknown>>

// LOADING

/** Decodes a fixture value (`'nan'`, `'inf'`, `'-inf'` stand for the non-finite numbers). */
export function decodeValue(v: FixtureValue): number {
  if (typeof v === 'number') return v
  return v === 'nan' ? NaN : v === 'inf' ? Infinity : -Infinity
}

/** Decodes fixture values into a Float64Array (see `decodeValue`). */
export function decodeValues(values: readonly FixtureValue[]): Float64Array {
  const out = new Float64Array(values.length)
  for (let i = 0; i < values.length; i++) out[i] = decodeValue(values[i])
  return out
}

/** Float input values: the shortest decimals are read back into the exact float32 values. */
export function decodeFloat32Values(values: readonly FixtureValue[]): Float64Array {
  const out = decodeValues(values)
  for (let i = 0; i < out.length; i++) out[i] = Math.fround(out[i])
  return out
}

let fixturesDir: Promise<string> | undefined

type NodeModules = {
  'node:fs/promises': typeof import('node:fs/promises')
  'node:path': typeof import('node:path')
  'node:url': typeof import('node:url')
}

/**
 * A Node built-in, loaded without an import a browser bundler would try to resolve (esbuild
 * fails on `import('node:fs/promises')` for the browser, and tsup would strip its `node:`):
 * Node's `process.getBuiltinModule` (20.16+), else a dynamic import of a variable, which
 * bundlers leave alone. The loaders that read files are never called in a browser.
 */
async function nodeModule<K extends keyof NodeModules>(id: K): Promise<NodeModules[K]> {
  const scope = globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }
  const builtin = scope.process?.getBuiltinModule?.(id)
  if (builtin !== undefined) return builtin as NodeModules[K]
  const specifier: string = id
  return (await import(/* @vite-ignore */ /* webpackIgnore: true */ specifier)) as NodeModules[K]
}

/** The `fixtures/` directory of this package: walks up from this module to its package.json. */
async function findFixturesDir(): Promise<string> {
  const { readFile } = await nodeModule('node:fs/promises')
  const { dirname, join } = await nodeModule('node:path')
  const { fileURLToPath } = await nodeModule('node:url')
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    try {
      const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { name?: string }
      if (pkg.name === '@othergrad/conformance') return join(dir, 'fixtures')
    } catch {
      // no package.json here; keep walking up
    }
    const parent = dirname(dir)
    if (parent === dir) {
      throw new Error(
        'conformance: cannot find the fixtures directory of @othergrad/conformance; pass loadFixture to registerConformanceSuite',
      )
    }
    dir = parent
  }
}

async function readFixture(dir: string, op: string): Promise<FixtureFile<unknown>> {
  const { readFile } = await nodeModule('node:fs/promises')
  const { join } = await nodeModule('node:path')
  const path = join(dir, `${op}.json`)
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch {
    throw new Error(
      `conformance: no fixture file for op '${op}' (${path}); regenerate with pnpm fixtures`,
    )
  }
  return JSON.parse(text) as FixtureFile<unknown>
}

/** Reads `fixtures/<op>.json` from this package with `node:fs`. */
export async function nodeFixtureLoader(op: string): Promise<FixtureFile<unknown>> {
  fixturesDir ??= findFixturesDir()
  return readFixture(await fixturesDir, op)
}

/**
 * A loader for `<dir>/<op>.json` (`node:fs`), for operator packages that ship their own fixtures.
 *
 * @example
 * const fixtures = fileFixtureLoader(new URL('../../fixtures/', import.meta.url))
 * op('softplus', '3x4', (x) => x.softplus(), { fixtures })
 */
export function fileFixtureLoader(dir: string | URL): FixtureLoader {
  const path =
    typeof dir === 'string'
      ? Promise.resolve(dir)
      : nodeModule('node:url').then((url) => url.fileURLToPath(dir))
  return async (op) => readFixture(await path, op)
}

/** Wraps a loader so each op's file is loaded (and parsed) once. */
export function cachedLoader(loader: FixtureLoader): (op: string) => Promise<FixtureFile<unknown>> {
  const cache = new Map<string, Promise<FixtureFile<unknown>>>()
  return (op) => {
    let file = cache.get(op)
    if (!file) {
      file = Promise.resolve(loader(op))
      cache.set(op, file)
    }
    return file
  }
}
