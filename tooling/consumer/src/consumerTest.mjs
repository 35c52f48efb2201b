/**
 * The consumer test: what a new user gets from npm. Packs every public package, installs the
 * tarballs with npm into a project outside the repository, and checks that the packages'
 * manifests are sound, that `tsc --strict` accepts their types (ESM, CommonJS and browser
 * consumers, skipLibCheck off), that the documentation's runnable blocks run in Node as ES
 * modules and as CommonJS, that one program loading core both ways sees one core, and that a
 * page bundled with esbuild and with Vite computes gradients on backend-wasm and backend-webgpu
 * in headless Chromium, with and without cross-origin isolation.
 */
import { existsSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { bundleWithEsbuild, bundleWithVite, launchChromium } from './browser.mjs'
import { entryPoints, manifestProblems } from './manifest.mjs'
import { packWorkspace } from './pack.mjs'
import { createProject, tarballDependencies } from './project.mjs'
import { collectBlocks, toCommonJs, toEsm } from './readme.mjs'
import { Steps } from './steps.mjs'
import { repoRoot, workspaceModule } from './workspace.mjs'

const fixtures = join(repoRoot, 'tooling/consumer/fixtures')
/** Packages whose consumers need a test runner; they get a project of their own. */
const NEEDS_VITEST = ['@othergrad/conformance']
const TYPES_NODE = '@types/node@20.19.25'
/** Where a Node program finds WebGPU without a GPU (Dawn on Mesa's OpenGL ES). */
const NODE_ENV = { EGL_PLATFORM: process.env.EGL_PLATFORM ?? 'surfaceless' }

const TSCONFIG_BASE = {
  strict: true,
  skipLibCheck: false,
  noEmit: true,
  target: 'es2022',
}
const NODE_OPTIONS = { module: 'nodenext', moduleResolution: 'nodenext', types: ['node'] }
/**
 * Node consumers without the DOM library (as @tsconfig/node20 sets it up) for every package but
 * backend-webgpu, whose types are WebGPU's standard ones (@webgpu/types), written against the
 * DOM library: its Node consumers are checked with it, as its README asks.
 */
const TSCONFIGS = {
  'tsconfig.esm.json': {
    compilerOptions: { ...TSCONFIG_BASE, ...NODE_OPTIONS, lib: ['es2022'] },
    include: ['check/esm', 'readme/node'],
  },
  'tsconfig.cjs.json': {
    compilerOptions: { ...TSCONFIG_BASE, ...NODE_OPTIONS, lib: ['es2022'] },
    include: ['check/cjs'],
  },
  'tsconfig.webgpu.json': {
    compilerOptions: { ...TSCONFIG_BASE, ...NODE_OPTIONS, lib: ['es2022', 'dom'] },
    include: ['check/webgpu', 'readme/webgpu'],
  },
  'tsconfig.browser.json': {
    compilerOptions: {
      ...TSCONFIG_BASE,
      module: 'esnext',
      moduleResolution: 'bundler',
      lib: ['es2022', 'dom'],
      types: [],
    },
    include: ['check/browser', 'web/page.ts'],
  },
}
const WEBGPU = '@othergrad/backend-webgpu'

/** The markdown files whose `run` blocks the test executes. */
export async function documentationFiles() {
  const files = [join(repoRoot, 'README.md')]
  for (const parent of ['packages', 'apps', 'examples']) {
    const dir = join(repoRoot, parent)
    if (!existsSync(dir)) continue
    for (const name of await readdir(dir)) {
      const readme = join(dir, name, 'README.md')
      if (existsSync(readme)) files.push(readme)
    }
  }
  const docs = join(repoRoot, 'docs')
  if (existsSync(docs)) {
    for (const name of await readdir(docs)) if (name.endsWith('.md')) files.push(join(docs, name))
  }
  return files
}

/** A module that imports every entry point, so tsc reads every published declaration file. */
function entriesModule(specifiers, style) {
  const lines = specifiers.map((s, i) =>
    style === 'cjs' ? `import e${i} = require('${s}')` : `import * as e${i} from '${s}'`,
  )
  lines.push(`export const entries = [${specifiers.map((_, i) => `e${i}`).join(', ')}]`)
  return `${lines.join('\n')}\n`
}

/**
 * Runs the whole consumer test; resolves to true when every step passed.
 *
 * @param {{ keep?: boolean }} [options] keep: leave the temporary projects on disk.
 */
export async function runConsumerTest(options = {}) {
  const steps = new Steps()
  const projects = []
  let packed = []
  let main
  try {
    await steps.run('pack', async () => {
      packed = await packWorkspace()
      return packed.map((p) => `${p.name}@${p.version}`).join(', ')
    })

    await steps.run(
      'manifests',
      async () => {
        const problems = packed.flatMap((p) =>
          manifestProblems(p, packed).map((m) => `${p.name}: ${m}`),
        )
        if (problems.length > 0) throw new Error(problems.join('\n'))
      },
      { needs: ['pack'] },
    )

    const blocks = await collectBlocks(await documentationFiles())
    const nodeBlocks = blocks.filter((b) => b.kind === 'node')
    const vitestBlocks = blocks.filter((b) => b.kind === 'vitest')
    const direct = packed.filter((p) => !NEEDS_VITEST.includes(p.name))

    await steps.run(
      'install',
      async () => {
        const specifiers = direct.flatMap(entryPoints)
        const isWebgpu = (s) => s === WEBGPU || s.startsWith(`${WEBGPU}/`)
        const nodeSpecifiers = specifiers.filter((s) => !isWebgpu(s))
        const browserSpecifiers = specifiers.filter((s) => !s.endsWith('/node'))
        const readme = {}
        for (const b of nodeBlocks) {
          const folder = b.code.includes(WEBGPU) ? 'webgpu' : 'node'
          readme[`readme/${folder}/${b.id}.${b.lang === 'ts' ? 'mts' : 'mjs'}`] = b.code
        }
        main = await createProject({
          name: 'consumer',
          dependencies: { ...tarballDependencies(direct), '@types/node': TYPES_NODE.split('@')[2] },
          // backend-webgpu/node's optional peer: the workspace's copy, not a second download
          links: ['webgpu'],
          files: {
            ...Object.fromEntries(
              Object.entries(TSCONFIGS).map(([f, c]) => [f, JSON.stringify(c, null, 2)]),
            ),
            'check/esm/entries.ts': entriesModule(nodeSpecifiers, 'esm'),
            'check/cjs/entries.cts': entriesModule(nodeSpecifiers, 'cjs'),
            'check/webgpu/entries.ts': entriesModule(specifiers.filter(isWebgpu), 'esm'),
            'check/webgpu/entries.cts': entriesModule(specifiers.filter(isWebgpu), 'cjs'),
            'check/browser/entries.ts': entriesModule(browserSpecifiers, 'esm'),
            'web/index.html': await readFile(join(fixtures, 'browser/index.html'), 'utf8'),
            'web/page.ts': await readFile(join(fixtures, 'browser/page.ts'), 'utf8'),
            'node/dual.mjs': await readFile(join(fixtures, 'node/dual.mjs'), 'utf8'),
            'node/wasmThreads.mjs': await readFile(join(fixtures, 'node/wasmThreads.mjs'), 'utf8'),
            'node/wasmThreads.cjs': await readFile(join(fixtures, 'node/wasmThreads.cjs'), 'utf8'),
            ...readme,
          },
        })
        projects.push(main)
        return main.dir
      },
      { needs: ['pack'] },
    )
    const needsInstall = { needs: ['install'] }

    await steps.run(
      'one core installed',
      async () => {
        const copies = await findPackages(main.path('node_modules'), '@othergrad/core')
        if (copies.length !== 1)
          throw new Error(`${copies.length} copies of core: ${copies.join(', ')}`)
      },
      needsInstall,
    )

    for (const [flavour, config] of [
      ['ESM consumer in Node, no DOM lib', 'tsconfig.esm.json'],
      ['CommonJS consumer in Node, no DOM lib', 'tsconfig.cjs.json'],
      ['backend-webgpu in Node, ESM and CommonJS', 'tsconfig.webgpu.json'],
      ['browser consumer', 'tsconfig.browser.json'],
    ]) {
      await steps.run(
        `tsc --strict, skipLibCheck false: ${flavour}`,
        () => tsc(main, config),
        needsInstall,
      )
    }

    for (const block of nodeBlocks) {
      const where = `${block.file}:${block.line}`
      await steps.run(
        `${where} runs as an ES module`,
        async () => {
          await main.write({ [`run/${block.id}/esm/main.mjs`]: await toEsm(block) })
          return runNode(main, `run/${block.id}/esm`, 'main.mjs')
        },
        needsInstall,
      )
      await steps.run(
        `${where} runs as CommonJS`,
        async () => {
          await main.write({ [`run/${block.id}/cjs/main.cjs`]: await toCommonJs(block) })
          return runNode(main, `run/${block.id}/cjs`, 'main.cjs')
        },
        needsInstall,
      )
    }

    await steps.run(
      'import and require share one core',
      () => runNode(main, 'node', 'dual.mjs'),
      needsInstall,
    )
    await steps.run(
      'wasm threads start in Node (ES module)',
      () => runNode(main, 'node', 'wasmThreads.mjs'),
      needsInstall,
    )
    await steps.run(
      'wasm threads start in Node (CommonJS)',
      () => runNode(main, 'node', 'wasmThreads.cjs'),
      needsInstall,
    )

    const builds = { esbuild: main?.path('web-esbuild'), vite: main?.path('web-vite') }
    await steps.run(
      'esbuild bundles the page for browsers',
      async () => {
        const warnings = await bundleWithEsbuild({
          root: main.dir,
          entry: 'web/page.ts',
          outDir: builds.esbuild,
        })
        if (warnings.length > 0) throw new Error(`esbuild warnings:\n${warnings.join('\n')}`)
      },
      needsInstall,
    )
    await steps.run(
      'Vite builds the page',
      async () => {
        const warnings = await bundleWithVite({ root: main.path('web'), outDir: builds.vite })
        if (warnings.length > 0) throw new Error(`Vite warnings:\n${warnings.join('\n')}`)
      },
      needsInstall,
    )

    const pages = []
    for (const bundler of ['esbuild', 'vite']) {
      for (const isolated of [true, false]) pages.push({ bundler, isolated })
    }
    let browser
    for (const p of pages) {
      const bundled =
        p.bundler === 'esbuild' ? 'esbuild bundles the page for browsers' : 'Vite builds the page'
      const how = p.isolated
        ? 'cross-origin isolated (wasm on 2 threads)'
        : 'not isolated (wasm on 1 thread)'
      await steps.run(
        `Chromium: ${p.bundler} page, ${how}, gradients on wasm and webgpu`,
        async () => {
          browser ??= await launchChromium()
          const { result, errors } = await browser.open({
            dir: builds[p.bundler],
            isolated: p.isolated,
          })
          return checkPage(result, errors, p.isolated)
        },
        { needs: [bundled] },
      )
    }
    await browser?.close()

    let conformance
    await steps.run(
      'install conformance with its vitest',
      async () => {
        const needed = packed.filter((p) =>
          [
            '@othergrad/core',
            '@othergrad/kernels-js',
            '@othergrad/backend-cpu',
            ...NEEDS_VITEST,
          ].includes(p.name),
        )
        const files = {}
        for (const b of vitestBlocks) files[`test/${b.id}.test.${b.lang}`] = b.code
        conformance = await createProject({
          name: 'conformance',
          dependencies: tarballDependencies(needed),
          // vitest is a peer: the workspace's copy is linked in instead of downloaded again
          npmArgs: ['--legacy-peer-deps'],
          links: ['vitest'],
          files,
        })
        projects.push(conformance)
      },
      { needs: ['pack'] },
    )
    for (const block of vitestBlocks) {
      await steps.run(
        `${block.file}:${block.line} passes under vitest`,
        async () => {
          const vitest = join(conformance.path('node_modules/vitest'), 'vitest.mjs')
          const { stdout } = await conformance.run(
            'node',
            [vitest, 'run', `test/${block.id}.test.${block.lang}`],
            {
              env: { ...NODE_ENV, FORCE_COLOR: '0', CI: 'true' },
            },
          )
          // Reworded so that .ci/run's totals do not count these tests twice.
          const count = /Tests\s+(\d+) passed/.exec(stdout)?.[1]
          return count && `${count} vitest cases passed`
        },
        { needs: ['install conformance with its vitest'] },
      )
    }
  } finally {
    if (options.keep) for (const p of projects) console.log(`kept ${p.dir}`)
    else await Promise.all(projects.map((p) => p.remove()))
  }
  return steps.summary()
}

async function tsc(project, config) {
  const bin = join(workspaceModule('typescript'), 'bin/tsc')
  const { code, stdout, stderr } = await project.run('node', [bin, '-p', config], {
    allowFailure: true,
  })
  if (code !== 0) {
    const lines = `${stdout}${stderr}`.trim().split('\n')
    const shown = lines.slice(0, 40).join('\n')
    throw new Error(`${shown}${lines.length > 40 ? `\n... ${lines.length - 40} more lines` : ''}`)
  }
}

async function runNode(project, dir, file) {
  const { stdout } = await project.run('node', [file], {
    cwd: project.path(dir),
    env: NODE_ENV,
    timeoutMs: 3 * 60 * 1000,
  })
  const last = stdout.trim().split('\n').pop()
  return last ? last.slice(0, 160) : undefined
}

function checkPage(result, errors, isolated) {
  if (result?.error) throw new Error([result.error, ...errors].join('\n'))
  if (result.isolated !== isolated) throw new Error(`crossOriginIsolated is ${result.isolated}`)
  const failed = result.checks.filter((c) => !c.ok)
  if (failed.length > 0 || errors.length > 0) {
    throw new Error([...failed.map((c) => `${c.name}: ${c.detail}`), ...errors].join('\n'))
  }
  return result.checks.map((c) => c.name).join(', ')
}

/** Every installed copy of `name` under a node_modules tree (nested ones included). */
async function findPackages(nodeModules, name) {
  const found = []
  async function visit(dir) {
    if (existsSync(join(dir, name, 'package.json')))
      found.push(relative(nodeModules, join(dir, name)))
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      if (!entry.isDirectory()) continue
      const sub = join(dir, entry.name)
      if (entry.name.startsWith('@')) {
        for (const scoped of await readdir(sub, { withFileTypes: true })) {
          if (scoped.isDirectory()) await visit(join(sub, scoped.name, 'node_modules'))
        }
      } else await visit(join(sub, 'node_modules'))
    }
  }
  await visit(nodeModules)
  return found
}
