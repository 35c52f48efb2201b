/**
 * A throwaway npm project outside the repository, with the packed tarballs installed the way a
 * user installs them (npm, no workspace links, no `source` condition), so what it sees is what
 * npm would serve.
 */
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { exec } from './exec.mjs'
import { repoRoot, workspaceModule } from './workspace.mjs'

/**
 * @typedef {object} ConsumerProject
 * @property {string} dir The project's directory.
 * @property {(...parts: string[]) => string} path A path inside it.
 * @property {(files: Record<string, string>) => Promise<void>} write Writes files (relative paths).
 * @property {(command: string, args: string[], options?: object) => Promise<import('./exec.mjs').ExecResult>} run Runs a command in it.
 * @property {() => Promise<void>} remove Deletes it.
 */

/**
 * Creates a project in a new temporary directory and installs `dependencies` with npm.
 *
 * @param {object} options
 * @param {string} [options.name] Names the directory (`othergrad-<name>-XXXXXX`).
 * @param {Record<string, string>} options.dependencies npm specs: a version, or `file:<tarball>`.
 * @param {'module' | 'commonjs'} [options.type] The package.json "type" (default module).
 * @param {Record<string, string>} [options.files] Files to write before installing.
 * @param {string[]} [options.npmArgs] Extra `npm install` flags (e.g. `--legacy-peer-deps`).
 * @param {string[]} [options.links] Workspace-installed packages to symlink into node_modules
 *   after the install, instead of downloading them again (e.g. `vitest`).
 * @returns {Promise<ConsumerProject>}
 */
export async function createProject(options) {
  const dir = await realpath(
    await mkdtemp(join(tmpdir(), `othergrad-${options.name ?? 'consumer'}-`)),
  )
  if (!relative(repoRoot, dir).startsWith('..')) {
    throw new Error(`consumer project ${dir} is inside the repository; set TMPDIR elsewhere`)
  }
  const project = {
    dir,
    path: (...parts) => join(dir, ...parts),
    write: (files) => writeFiles(dir, files),
    run: (command, args, runOptions = {}) => exec(command, args, { cwd: dir, ...runOptions }),
    remove: () => rm(dir, { recursive: true, force: true }),
  }
  const manifest = {
    name: `othergrad-${options.name ?? 'consumer'}`,
    version: '0.0.0',
    private: true,
    type: options.type ?? 'module',
    dependencies: options.dependencies,
  }
  await project.write({
    'package.json': JSON.stringify(manifest, null, 2),
    ...options.files,
  })
  await installDependencies(project, options.npmArgs ?? [])
  for (const name of options.links ?? []) await linkWorkspaceModule(project, name)
  return project
}

/** `npm install` from the cache where it can (the registry otherwise), quietly. */
async function installDependencies(project, npmArgs) {
  await project.run(
    'npm',
    ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', ...npmArgs],
    { timeoutMs: 10 * 60 * 1000 },
  )
}

/** Symlinks the workspace's installed copy of `name` into the project's node_modules. */
export async function linkWorkspaceModule(project, name) {
  const target = await realpath(workspaceModule(name))
  const link = project.path('node_modules', name)
  await mkdir(dirname(link), { recursive: true })
  await rm(link, { recursive: true, force: true })
  await symlink(target, link, 'dir')
}

async function writeFiles(dir, files) {
  for (const [name, text] of Object.entries(files)) {
    const path = join(dir, name)
    await mkdir(dirname(path), { recursive: true })
    await writeFile(path, text)
  }
}

/**
 * npm specs for packed tarballs: `{ '@othergrad/core': 'file:/tmp/.../othergrad-core-0.1.0.tgz' }`.
 *
 * @param {import('./pack.mjs').PackedPackage[]} packed
 * @returns {Record<string, string>}
 */
export function tarballDependencies(packed) {
  return Object.fromEntries(packed.map((p) => [p.name, `file:${p.tarball}`]))
}
