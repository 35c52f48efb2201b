/**
 * The workspace as a publisher sees it: where the repository is and which of its packages are
 * published (every package.json without `"private": true`).
 */
import { existsSync, readFileSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository's root directory. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')

/** Folders that hold workspace packages (pnpm-workspace.yaml's globs, expanded by hand). */
const PACKAGE_PARENTS = ['packages', 'apps', 'examples', 'tooling']

/**
 * @typedef {object} WorkspacePackage
 * @property {string} name The package's npm name.
 * @property {string} dir Its absolute directory.
 * @property {Record<string, unknown>} manifest Its package.json.
 */

/**
 * Every workspace package, published or not.
 *
 * @returns {Promise<WorkspacePackage[]>}
 */
export async function workspacePackages() {
  const dirs = [join(repoRoot, 'tooling')]
  for (const parent of PACKAGE_PARENTS) {
    const path = join(repoRoot, parent)
    if (!existsSync(path)) continue
    for (const entry of await readdir(path, { withFileTypes: true })) {
      if (entry.isDirectory() && entry.name !== 'node_modules') dirs.push(join(path, entry.name))
    }
  }
  const packages = []
  for (const dir of dirs) {
    const file = join(dir, 'package.json')
    if (!existsSync(file)) continue
    const manifest = JSON.parse(await readFile(file, 'utf8'))
    packages.push({ name: manifest.name, dir, manifest })
  }
  return packages.sort((a, b) => a.name.localeCompare(b.name))
}

/**
 * The packages that are published to npm.
 *
 * @returns {Promise<WorkspacePackage[]>}
 */
export async function publicPackages() {
  return (await workspacePackages()).filter((p) => p.manifest.private !== true)
}

/**
 * The directory of a package installed in the workspace (tools the consumer test reuses rather
 * than download again): found from its entry point, since not every package exports its
 * package.json.
 *
 * @param {string} name
 * @returns {string}
 */
export function workspaceModule(name) {
  let dir = dirname(fileURLToPath(import.meta.resolve(name, import.meta.url)))
  while (dir !== dirname(dir)) {
    const file = join(dir, 'package.json')
    if (existsSync(file) && JSON.parse(readFileSync(file, 'utf8')).name === name) return dir
    dir = dirname(dir)
  }
  throw new Error(`${name}: no package.json above its entry point`)
}

/** Whether this process runs in CI (`CI=true`), where a missing prerequisite is a failure. */
export const inCI = process.env.CI === 'true'
