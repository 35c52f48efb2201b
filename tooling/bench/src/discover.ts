import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'

/** The backends BENCHMARKS.md names; any other `@othergrad/backend-*` found is benched too. */
export const EXPECTED_BACKENDS = ['cpu', 'wasm', 'webgpu'] as const

/** A backend package found in the workspace. */
export interface BackendPackage {
  /** `@othergrad/backend-wasm` */
  name: string
  /** `wasm` */
  backend: string
  dir: string
}

/** The `packages:` globs of a pnpm-workspace.yaml (negations dropped). */
export function workspaceGlobs(yaml: string): string[] {
  const globs: string[] = []
  let inPackages = false
  for (const line of yaml.split('\n')) {
    if (/^\S/.test(line)) inPackages = /^packages\s*:/.test(line)
    const item = inPackages ? /^\s+-\s*['"]?([^'"#]+?)['"]?\s*(#.*)?$/.exec(line) : null
    if (item && !item[1].startsWith('!')) globs.push(item[1])
  }
  return globs
}

/** The folder holding pnpm-workspace.yaml, from `start` upwards. */
export function findWorkspaceRoot(start: string): string {
  let dir = resolve(start)
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const parent = dirname(dir)
    if (parent === dir) throw new Error(`bench: no pnpm-workspace.yaml above ${start}`)
    dir = parent
  }
  return dir
}

/** Package folders matched by the globs (`dir/*` or an exact folder). */
export function workspaceDirs(root: string, globs: readonly string[]): string[] {
  const dirs: string[] = []
  for (const glob of globs) {
    if (glob.endsWith('/*')) {
      const parent = join(root, glob.slice(0, -2))
      if (!existsSync(parent)) continue
      for (const entry of readdirSync(parent, { withFileTypes: true })) {
        if (entry.isDirectory()) dirs.push(join(parent, entry.name))
      }
    } else if (!glob.includes('*')) {
      dirs.push(join(root, glob))
    }
  }
  return dirs.filter((d) => existsSync(join(d, 'package.json')))
}

/** Every `@othergrad/backend-*` package of the workspace at `root`, sorted by name. */
export function discoverBackends(root: string): BackendPackage[] {
  const globs = workspaceGlobs(readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8'))
  const found: BackendPackage[] = []
  for (const dir of workspaceDirs(root, globs)) {
    const name = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string })
      .name
    const match = name ? /^@othergrad\/backend-(.+)$/.exec(name) : null
    if (name && match) found.push({ name, backend: match[1], dir })
  }
  return found.sort((a, b) => a.name.localeCompare(b.name))
}

type ExportTarget = string | { [condition: string]: ExportTarget } | null | undefined

interface PackageJson {
  exports?: Record<string, ExportTarget>
  module?: string
  main?: string
}

function pick(target: ExportTarget, conditions: readonly string[]): string | undefined {
  if (typeof target === 'string') return target
  if (!target) return undefined
  for (const [condition, value] of Object.entries(target)) {
    if (condition === 'default' || conditions.includes(condition)) {
      const hit = pick(value, conditions)
      if (hit) return hit
    }
  }
  return undefined
}

/**
 * The file an ESM `import` of `subpath` ('.', './node') resolves to, with the `source` condition
 * when asked, as Node would resolve it (conditions in the package's order); undefined if the
 * package does not export that subpath.
 */
export function resolveExport(
  pkg: PackageJson,
  subpath: string,
  source: boolean,
): string | undefined {
  const conditions = source ? ['source', 'import', 'node'] : ['import', 'node']
  if (pkg.exports) return pick(pkg.exports[subpath], conditions)
  return subpath === '.' ? (pkg.module ?? pkg.main) : undefined
}

/** Absolute entry files of a backend package to try, Node-specific entry first. */
export function backendEntries(dir: string, source: boolean): string[] {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson
  return ['./node', '.']
    .map((sub) => resolveExport(pkg, sub, source))
    .filter((f): f is string => f !== undefined)
    .map((f) => join(dir, f))
}
