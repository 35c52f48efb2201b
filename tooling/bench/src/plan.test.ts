import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseArgs } from './args'
import { discoverBackends, resolveExport, workspaceGlobs } from './discover'
import { buildPlan, othergradImpls, tfjsImpls } from './plan'

describe('parseArgs', () => {
  it('defaults to quick mode with a 20 s budget', () => {
    expect(parseArgs([])).toMatchObject({
      mode: 'quick',
      budgetSeconds: 20,
      only: [],
      impl: [],
      build: true,
    })
  })

  it('reads lists, inline values and a bare --', () => {
    const args = parseArgs([
      '--',
      '--full',
      '--only',
      'matmul,overhead',
      '--impl=tfjs-wasm',
      '--threads',
      '1,2',
    ])
    expect(args).toMatchObject({
      mode: 'full',
      only: ['matmul', 'overhead'],
      impl: ['tfjs-wasm'],
      threads: [1, 2],
    })
  })

  it('rejects unknown options and bad values', () => {
    expect(() => parseArgs(['--fast'])).toThrow(/unknown option '--fast'/)
    expect(() => parseArgs(['--budget', '-3'])).toThrow(/positive number/)
    expect(() => parseArgs(['--only'])).toThrow(/needs a value/)
  })
})

describe('workspace discovery', () => {
  it('reads the packages globs of pnpm-workspace.yaml', () => {
    const yaml =
      "packages:\n  - 'packages/*'\n  - \"apps/*\"\n  - tooling # shared\n  - '!packages/skip'\nother:\n  - x\n"
    expect(workspaceGlobs(yaml)).toEqual(['packages/*', 'apps/*', 'tooling'])
  })

  it('finds @othergrad/backend-* packages', () => {
    const root = mkdtempSync(join(tmpdir(), 'bench-ws-'))
    writeFileSync(join(root, 'pnpm-workspace.yaml'), "packages:\n  - 'packages/*'\n")
    for (const [dir, name] of [
      ['backend-cpu', '@othergrad/backend-cpu'],
      ['core', '@othergrad/core'],
      ['backend-wasm', '@othergrad/backend-wasm'],
    ]) {
      mkdirSync(join(root, 'packages', dir), { recursive: true })
      writeFileSync(join(root, 'packages', dir, 'package.json'), JSON.stringify({ name }))
    }
    const found = discoverBackends(root)
    rmSync(root, { recursive: true })
    expect(found.map((p) => p.backend)).toEqual(['cpu', 'wasm'])
  })

  it('resolves an export with or without the source condition', () => {
    const pkg = {
      exports: {
        '.': {
          source: './src/index.ts',
          import: { types: './dist/index.d.ts', default: './dist/index.js' },
        },
      },
    }
    expect(resolveExport(pkg, '.', false)).toBe('./dist/index.js')
    expect(resolveExport(pkg, '.', true)).toBe('./src/index.ts')
    expect(resolveExport(pkg, './node', false)).toBeUndefined()
    expect(resolveExport({ main: './index.js' }, '.', false)).toBe('./index.js')
  })
})

describe('buildPlan', () => {
  const cpu = { name: '@othergrad/backend-cpu', backend: 'cpu', dir: '/x' }
  const impls = [...othergradImpls([cpu], null, 2), ...tfjsImpls(2)]

  it('runs MLPs on every variant, and matmul/overhead once per backend and thread count', () => {
    const plan = buildPlan(impls, [], [])
    const on = (w: string): string[] =>
      plan.filter((e) => e.workload.name === w).map((e) => e.spec.id)
    expect(on('mlp-784-512-256-10-b128')).toEqual([
      'othergrad-cpu',
      'othergrad-cpu-t2',
      'tfjs-cpu',
      'tfjs-wasm-t1',
      'tfjs-wasm-explicit-t1',
      'tfjs-wasm-explicit-t2',
    ])
    expect(on('matmul-1024')).toEqual([
      'othergrad-cpu',
      'othergrad-cpu-t2',
      'tfjs-cpu',
      'tfjs-wasm-t1',
      'tfjs-wasm-t2',
    ])
    expect(on('overhead-chain')).toEqual(['othergrad-cpu', 'tfjs-cpu', 'tfjs-wasm-t1'])
  })

  it('filters workloads and implementations by prefix', () => {
    const plan = buildPlan(impls, ['matmul'], ['tfjs-wasm'])
    expect(plan.map((e) => `${e.workload.name} ${e.spec.id}`)).toEqual([
      'matmul-256 tfjs-wasm-t1',
      'matmul-256 tfjs-wasm-t2',
      'matmul-1024 tfjs-wasm-t1',
      'matmul-1024 tfjs-wasm-t2',
      'matmul-2048 tfjs-wasm-t1',
      'matmul-2048 tfjs-wasm-t2',
    ])
  })

  it('names othergrad runs by the thread count asked for', () => {
    expect(othergradImpls([cpu], [1, 2], 2).map((s) => [s.id, s.threads])).toEqual([
      ['othergrad-cpu-t1', 1],
      ['othergrad-cpu-t2', 2],
    ])
    expect(othergradImpls([cpu], null, 1).map((s) => s.id)).toEqual(['othergrad-cpu'])
  })

  it('runs backend-wasm once per SIMD build, side by side', () => {
    const wasm = { name: '@othergrad/backend-wasm', backend: 'wasm', dir: '/x' }
    const specs = othergradImpls([wasm], null, 2)
    expect(specs.map((s) => [s.id, s.threads, s.simd])).toEqual([
      ['othergrad-wasm-simd128', null, 'simd128'],
      ['othergrad-wasm-relaxed', null, 'relaxed'],
      ['othergrad-wasm-simd128-t2', 2, 'simd128'],
      ['othergrad-wasm-relaxed-t2', 2, 'relaxed'],
    ])
    const plan = buildPlan(specs, ['matmul-1024'], ['othergrad-wasm-relaxed'])
    expect(plan.map((e) => e.spec.id)).toEqual([
      'othergrad-wasm-relaxed',
      'othergrad-wasm-relaxed-t2',
    ])
  })
})
