/**
 * The operator-package template test: what an outside author gets from templates/op-package.
 * Packs the public packages the template needs, copies the template to a folder outside the
 * repository, points its @othergrad dependencies at the tarballs (their ranges must accept the
 * packed versions), installs with npm (its third-party dev dependencies come from the npm cache
 * or the registry), then runs the template's own scripts: the AssemblyScript build,
 * `tsc --strict`, tsup, its conformance cases on cpu and wasm (1 and 2 threads) in Node and on
 * wasm and webgpu in headless Chromium, each on the package's own kernels (call counters), and
 * its built `dist/` from a plain ES module and a CommonJS script.
 */
import { existsSync } from 'node:fs'
import { cp, mkdir, mkdtemp, readdir, readFile, realpath, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { exec } from './exec.mjs'
import { satisfies } from './manifest.mjs'
import { packWorkspace } from './pack.mjs'
import { Steps } from './steps.mjs'
import { publicPackages, repoRoot } from './workspace.mjs'
import { sizeTable } from '../../scripts/template-size.mjs'

const template = join(repoRoot, 'templates/op-package')
/** What the copy leaves behind: build output and installs are the author's to make. */
const NOT_COPIED = new Set(['node_modules', 'dist', 'generated'])
/** Colour codes, which vitest may print even when asked not to. */
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g')
const ENV = { EGL_PLATFORM: process.env.EGL_PLATFORM ?? 'surfaceless', FORCE_COLOR: '0' }

/** The @othergrad packages `names` need, their own @othergrad dependencies included. */
function closure(names, packages) {
  const byName = new Map(packages.map((p) => [p.name, p]))
  const needed = new Set()
  const visit = (name) => {
    if (needed.has(name)) return
    const pkg = byName.get(name)
    if (!pkg) throw new Error(`${name} is not a public workspace package`)
    needed.add(name)
    const m = pkg.manifest
    for (const deps of [m.dependencies, m.peerDependencies]) {
      for (const dep of Object.keys(deps ?? {})) if (dep.startsWith('@othergrad/')) visit(dep)
    }
  }
  names.forEach(visit)
  return packages.filter((p) => needed.has(p.name))
}

/** Every file of the template, relative to it, for the standalone checks. */
async function templateFiles(dir = template) {
  const files = []
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (NOT_COPIED.has(entry.name)) continue
    const path = join(dir, entry.name)
    if (entry.isDirectory()) files.push(...(await templateFiles(path)))
    else files.push(relative(template, path))
  }
  return files
}

/** Problems that would keep the template from building outside this repository. */
async function standaloneProblems(manifest, packed) {
  const problems = []
  for (const field of ['dependencies', 'devDependencies', 'peerDependencies']) {
    for (const [name, range] of Object.entries(manifest[field] ?? {})) {
      if (/^(workspace|file|link):/.test(range)) problems.push(`${field}.${name} is '${range}'`)
      const tarball = packed.find((p) => p.name === name)
      if (tarball && !satisfies(tarball.version, range)) {
        problems.push(`${field}.${name} '${range}' does not accept ${tarball.version}`)
      }
    }
  }
  for (const file of await templateFiles()) {
    if (!/\.(json|ts|mts|mjs|js|py)$/.test(file) || file.startsWith('fixtures/')) continue
    const text = await readFile(join(template, file), 'utf8')
    if (/\.\.\/\.\.\/(tooling|packages)|"extends":\s*"\.|@othergrad\/test-utils/.test(text)) {
      problems.push(
        `${file} reaches into the repository (../../tooling, a relative extends, test-utils)`,
      )
    }
  }
  return problems
}

async function npm(dir, args, timeoutMs = 5 * 60 * 1000) {
  const { stdout } = await exec('npm', args, { cwd: dir, env: ENV, timeoutMs })
  return stdout
}

/** A consumer of the built package, as ESM or CommonJS: `use(geluOps())`, then x.gelu(). */
function consumerScript(kind) {
  const imports =
    kind === 'esm'
      ? [
          "import { setBackend, tensor, use } from '@othergrad/core'",
          "import { cpuBackend } from '@othergrad/backend-cpu'",
          "import { gelu, geluOps } from '../dist/index.js'",
        ]
      : [
          "const { setBackend, tensor, use } = require('@othergrad/core')",
          "const { cpuBackend } = require('@othergrad/backend-cpu')",
          "const { gelu, geluOps } = require('../dist/index.cjs')",
        ]
  return `${imports.join('\n')}
async function main() {
  use(cpuBackend())
  await setBackend('cpu')
  if (typeof tensor([1]).gelu === 'function') throw new Error('x.gelu exists before use(geluOps())')
  use(geluOps())
  const x = tensor([-1, 0, 1.5], { dtype: 'float64', requiresGrad: true })
  const y = x.gelu()
  y.sum().backward()
  // torch.nn.functional.gelu and its gradient at -1, 0, 1.5 (float64)
  const want = [-0.15865525393145702, 0, 1.399789198096713]
  const dwant = [-0.08331547058768635, 0.5, 1.1274691922299795]
  const got = Array.from(y.dataSync()), dgot = Array.from(x.grad.dataSync())
  const far = (a, b) => a.some((v, i) => Math.abs(v - b[i]) > 1e-12)
  if (far(got, want) || far(dgot, dwant)) throw new Error('gelu ' + got + ', grad ' + dgot)
  const t = Array.from(gelu(tensor([2], { dtype: 'float64' }), { approximate: 'tanh' }).dataSync())
  if (Math.abs(t[0] - 1.954597694087775) > 1e-12) throw new Error('tanh gelu(2) = ' + t[0])
  console.log('x.gelu() and its gradient match PyTorch (' + '${kind}' + ')')
}
main().catch((e) => { console.error(e); process.exit(1) })
`
}

/**
 * Runs the template test; resolves to true when every step passed.
 *
 * @param {{ keep?: boolean }} [options] keep: leave the project on disk.
 */
export async function runTemplateTest(options = {}) {
  const steps = new Steps()
  let packed = []
  let dir
  const tarballs = await mkdtemp(join(tmpdir(), 'othergrad-tarballs-'))
  const manifest = JSON.parse(await readFile(join(template, 'package.json'), 'utf8'))
  try {
    await steps.run('pack the packages the template uses', async () => {
      const wanted = Object.keys({ ...manifest.devDependencies, ...manifest.peerDependencies })
      const all = await publicPackages()
      packed = await packWorkspace({
        dest: tarballs,
        packages: closure(
          wanted.filter((n) => n.startsWith('@othergrad/')),
          all,
        ),
      })
      return packed.map((p) => p.name).join(', ')
    })

    await steps.run(
      'the template stands alone (ranges of published versions, no repository paths)',
      async () => {
        const problems = await standaloneProblems(manifest, packed)
        if (problems.length > 0) throw new Error(problems.join('\n'))
      },
      { needs: ['pack the packages the template uses'] },
    )

    await steps.run("the README's line counts are the template's", async () => {
      const readme = await readFile(join(repoRoot, 'README.md'), 'utf8')
      const shown = /<!-- template-size -->([\s\S]*?)<!-- \/template-size -->/.exec(readme)?.[1]
      // Prettier pads the table's columns: compare cell by cell.
      const cells = (table) =>
        table
          .trim()
          .split('\n')
          .filter((row) => !/^\|[\s|:-]+\|$/.test(row))
          .map((row) => row.split('|').map((cell) => cell.trim()))
      if (shown === undefined) throw new Error('README.md has no <!-- template-size --> table')
      if (JSON.stringify(cells(shown)) !== JSON.stringify(cells(sizeTable()))) {
        throw new Error(
          `README.md's table is out of date; paste node tooling/scripts/template-size.mjs:\n${sizeTable()}`,
        )
      }
    })

    await steps.run(
      'copy the template outside the repository and npm install',
      async () => {
        const root = await realpath(await mkdtemp(join(tmpdir(), 'othergrad-template-')))
        if (!relative(repoRoot, root).startsWith('..')) {
          throw new Error(`${root} is inside the repository; set TMPDIR elsewhere`)
        }
        dir = join(root, 'op-gelu')
        await cp(template, dir, {
          recursive: true,
          filter: (src) => !NOT_COPIED.has(src.split('/').pop()),
        })
        const copy = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'))
        // Every tarball, the backends' own @othergrad dependencies too (kernels-js), which npm
        // would otherwise look for on the registry: npm dedupes them to these top-level copies.
        for (const p of packed) copy.devDependencies[p.name] = `file:${p.tarball}`
        await writeFile(join(dir, 'package.json'), `${JSON.stringify(copy, null, 2)}\n`)
        await npm(
          dir,
          ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'],
          10 * 60 * 1000,
        )
        return dir
      },
      { needs: ['pack the packages the template uses'] },
    )
    const installed = { needs: ['copy the template outside the repository and npm install'] }

    await steps.run(
      'npm run typecheck (its AssemblyScript build, then tsc --strict)',
      async () => {
        await npm(dir, ['run', 'typecheck'])
        if (!existsSync(join(dir, 'src/generated/geluWasm.ts'))) {
          throw new Error('the AssemblyScript build wrote no src/generated/geluWasm.ts')
        }
      },
      installed,
    )
    await steps.run(
      'npm run build (tsup: ESM, CommonJS, types)',
      async () => {
        await npm(dir, ['run', 'build'])
        const types = await readFile(join(dir, 'dist/index.d.ts'), 'utf8')
        if (!/gelu\(options\?: GeluOptions\): Tensor/.test(types)) {
          throw new Error("dist/index.d.ts does not declare Tensor's gelu method")
        }
      },
      { needs: ['npm run typecheck (its AssemblyScript build, then tsc --strict)'] },
    )
    for (const kind of ['esm', 'cjs']) {
      await steps.run(
        `the built package in a ${kind === 'esm' ? 'ES module' : 'CommonJS script'}`,
        async () => {
          const file = join(dir, 'consumer', kind === 'esm' ? 'main.mjs' : 'main.cjs')
          await mkdir(join(dir, 'consumer'), { recursive: true })
          await writeFile(file, consumerScript(kind))
          const { stdout } = await exec('node', [file], { cwd: dir, env: ENV })
          return stdout.trim()
        },
        { needs: ['npm run build (tsup: ESM, CommonJS, types)'] },
      )
    }
    await steps.run(
      'npm run test:node (conformance on cpu, wasm, wasm with 2 threads)',
      async () => {
        const out = (await npm(dir, ['run', 'test:node'])).replace(ANSI, '')
        // Reworded so that .ci/run's totals do not count these tests twice.
        const count = /Tests\s+(\d+)\s+passed/.exec(out)?.[1]
        if (count === undefined) throw new Error(`no vitest totals in:\n${out}`)
        return `${count} vitest tests passed`
      },
      { needs: ['npm run typecheck (its AssemblyScript build, then tsc --strict)'] },
    )
    await steps.run(
      'npm run test:browser (conformance on wasm, wasm threads and webgpu in Chromium)',
      async () => {
        const out = await npm(dir, ['run', 'test:browser'])
        return out
          .split('\n')
          .filter((l) => l.startsWith('chromium '))
          .join('; ')
      },
      { needs: ['npm run typecheck (its AssemblyScript build, then tsc --strict)'] },
    )
  } finally {
    if (options.keep) console.log(`kept ${dir ?? 'nothing'} and ${tarballs}`)
    else {
      await rm(tarballs, { recursive: true, force: true })
      if (dir) await rm(join(dir, '..'), { recursive: true, force: true })
    }
  }
  return steps.summary()
}
