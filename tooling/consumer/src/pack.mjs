/**
 * Packs workspace packages into tarballs exactly as `pnpm publish` would (pnpm pack rewrites
 * `workspace:` ranges to the versions in the workspace), and reads back what each tarball holds.
 */
import { mkdtemp, readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { exec } from './exec.mjs'
import { publicPackages } from './workspace.mjs'

/**
 * @typedef {object} PackedPackage
 * @property {string} name
 * @property {string} version
 * @property {string} tarball Absolute path of the .tgz.
 * @property {string} dir The workspace directory it was packed from.
 * @property {Record<string, any>} manifest The package.json inside the tarball.
 * @property {string[]} files The tarball's file list, relative to the package root.
 */

/**
 * Packs `packages` (default: every public workspace package) into `dest` (default: a new
 * temporary directory). `pnpm build` must have run.
 *
 * @param {{ dest?: string, packages?: import('./workspace.mjs').WorkspacePackage[] }} [options]
 * @returns {Promise<PackedPackage[]>}
 */
export async function packWorkspace(options = {}) {
  const dest = options.dest ?? (await mkdtemp(join(tmpdir(), 'othergrad-tarballs-')))
  const packages = options.packages ?? (await publicPackages())
  const packed = []
  // Two at a time: each pnpm pack is a short process, and the machine has two cores.
  for (let i = 0; i < packages.length; i += 2) {
    packed.push(...(await Promise.all(packages.slice(i, i + 2).map((p) => packOne(p, dest)))))
  }
  return packed
}

async function packOne(pkg, dest) {
  const before = new Set(await readdir(dest))
  await exec('pnpm', ['pack', '--pack-destination', dest], { cwd: pkg.dir })
  const created = (await readdir(dest)).filter((f) => f.endsWith('.tgz') && !before.has(f))
  const prefix = pkg.name.replace(/^@/, '').replace('/', '-')
  const name = created.find((f) => f.startsWith(`${prefix}-`))
  if (name === undefined) throw new Error(`pnpm pack wrote no tarball for ${pkg.name} in ${dest}`)
  const tarball = join(dest, name)
  return { name: pkg.name, dir: pkg.dir, tarball, ...(await readTarball(tarball)) }
}

/**
 * The package.json and file list of a tarball (npm tarballs hold everything under `package/`).
 *
 * @param {string} tarball
 * @returns {Promise<{ version: string, manifest: Record<string, any>, files: string[] }>}
 */
export async function readTarball(tarball) {
  const list = await exec('tar', ['-tzf', tarball])
  const files = list.stdout
    .split('\n')
    .filter(Boolean)
    .map((f) => f.replace(/^package\//, ''))
  const json = await exec('tar', ['-xzOf', tarball, 'package/package.json'])
  const manifest = JSON.parse(json.stdout)
  return { version: manifest.version, manifest, files }
}
