/**
 * `pnpm bench`: discovers othergrad's backend packages, plans the measurements, runs each in its
 * own Node process one after another, and prints a table and JSON lines (also written to
 * results/latest.jsonl).
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs, USAGE, type BenchArgs } from './args'
import {
  backendEntries,
  discoverBackends,
  EXPECTED_BACKENDS,
  findWorkspaceRoot,
  type BackendPackage,
} from './discover'
import { gitCommit, loadAverage, machineInfo, type MachineInfo } from './machine'
import type { Measurement } from './measurement'
import {
  buildPlan,
  matchesAny,
  othergradImpls,
  tfjsImpls,
  type ImplSpec,
  type PlanEntry,
} from './plan'
import { parseChildOutput, type ChildTask } from './protocol'
import { log, reportResults, runPlan } from './session'

const benchDir = resolve(dirname(fileURLToPath(import.meta.url)), '..')

interface Context {
  args: BenchArgs
  machine: MachineInfo
  commit: string | null
}

function baseRecord(
  ctx: Context,
  spec: ImplSpec,
  workload: string,
  kind: Measurement['kind'],
): Omit<Measurement, 'status' | 'threads'> {
  return {
    id: spec.id,
    impl: spec.impl,
    backend: spec.backend,
    variant: spec.variant,
    workload,
    kind,
    mode: ctx.args.mode,
    ...((kind === 'mlp' || kind === 'cnn') && ctx.args.mode === 'quick'
      ? { budget_s: ctx.args.budgetSeconds }
      : {}),
    environment: { name: 'node', version: process.version },
    load_avg_1m: loadAverage(),
    commit: ctx.commit,
    timestamp: new Date().toISOString(),
    machine: ctx.machine,
  }
}

/**
 * Builds the backend packages (turbo, cached) so that their dist/ is current; returns the packages
 * whose build failed, with turbo's last lines.
 */
function buildBackends(root: string, packages: readonly BackendPackage[]): Map<string, string> {
  const failed = new Map<string, string>()
  const turbo = join(root, 'node_modules', '.bin', 'turbo')
  for (const pkg of packages) {
    log(`bench: building ${pkg.name} (turbo, cached)`)
    const run = spawnSync(
      turbo,
      ['run', 'build', `--filter=${pkg.name}`, '--output-logs=errors-only', '--log-prefix=none'],
      {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' },
      },
    )
    if (run.status !== 0) {
      const tail = `${run.stdout}\n${run.stderr}`.trim().split('\n').slice(-3).join(' | ')
      failed.set(pkg.name, `build failed: ${tail}`.slice(0, 300))
    }
  }
  return failed
}

interface ChildOutcome {
  stdout: string
  stderr: string
  code: number | null
  timedOut: boolean
}

/** Node before 22 runs relaxed SIMD only behind a V8 flag (V8 flags are per process). */
function simdFlags(task: ChildTask): string[] {
  const major = Number(process.versions.node.split('.')[0])
  return task.spec.simd === 'relaxed' && major < 22 ? ['--experimental-wasm-relaxed-simd'] : []
}

function runChild(task: ChildTask, timeoutSeconds: number): Promise<ChildOutcome> {
  const tsx = import.meta.resolve('tsx')
  const nodeArgs = [
    ...simdFlags(task),
    '--import',
    tsx,
    ...(task.source ? ['--conditions=source'] : []),
    join(benchDir, 'src', 'child.ts'),
    JSON.stringify(task),
  ]
  return new Promise((done) => {
    const child = spawn(process.execPath, nodeArgs, {
      cwd: benchDir,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    let timedOut = false
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, timeoutSeconds * 1000)
    child.on('close', (code) => {
      clearTimeout(timer)
      done({ stdout, stderr, code, timedOut })
    })
  })
}

async function measure(ctx: Context, entry: PlanEntry): Promise<Measurement> {
  const { spec, workload } = entry
  const base = baseRecord(ctx, spec, workload.name, workload.kind)
  const task: ChildTask = {
    spec,
    workload: workload.name,
    mode: ctx.args.mode,
    budgetSeconds: ctx.args.budgetSeconds,
    source: ctx.args.source,
  }
  const timeout = ctx.args.timeoutSeconds ?? (ctx.args.mode === 'quick' ? 600 : 3600)
  const out = await runChild(task, timeout)
  const threads = spec.threads ?? 1
  if (out.timedOut)
    return { ...base, status: 'error', threads, note: `killed after ${timeout} s (--timeout)` }
  let report
  try {
    report = parseChildOutput(out.stdout)
  } catch (e) {
    return {
      ...base,
      status: 'error',
      threads,
      note: `unreadable child output: ${(e as Error).message}`,
    }
  }
  if (!report) {
    const tail = out.stderr.trim().split('\n').slice(-5).join(' | ')
    return {
      ...base,
      status: 'error',
      threads,
      note: `child exited with code ${out.code} and no result: ${tail}`,
    }
  }
  if (!report.ok) {
    if (report.stack) log(report.stack.replace(/^/gm, '    '))
    return { ...base, status: report.skip ? 'skipped' : 'error', threads, note: report.message }
  }
  return { ...base, status: 'ok', ...report.result }
}

function skippedBackends(
  ctx: Context,
  found: readonly BackendPackage[],
  failed: Map<string, string>,
): Measurement[] {
  const records: Measurement[] = []
  const names = new Set(found.map((p) => p.backend))
  for (const backend of EXPECTED_BACKENDS) {
    if (names.has(backend)) continue
    const spec: ImplSpec = {
      id: `othergrad-${backend}`,
      impl: 'othergrad',
      backend,
      threads: null,
      variant: 'pytorch-style',
      kinds: [],
    }
    if (!matchesAny(spec.id, ctx.args.impl)) continue
    records.push({
      ...baseRecord(ctx, spec, '*', null),
      status: 'skipped',
      threads: 1,
      note: `@othergrad/backend-${backend} is not in the workspace`,
    })
  }
  for (const pkg of found) {
    const note = failed.get(pkg.name)
    const id = `othergrad-${pkg.backend}`
    if (!note || !matchesAny(id, ctx.args.impl)) continue
    const spec: ImplSpec = {
      id,
      impl: 'othergrad',
      backend: pkg.backend,
      threads: null,
      variant: 'pytorch-style',
      kinds: [],
    }
    records.push({ ...baseRecord(ctx, spec, '*', null), status: 'skipped', threads: 1, note })
  }
  return records
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2))
  if (args.help) {
    console.log(USAGE)
    return
  }
  if (args.browser) {
    await (await import('./browser/main')).browserBench(args)
    return
  }
  const root = findWorkspaceRoot(benchDir)
  const ctx: Context = { args, machine: machineInfo(), commit: gitCommit(root) }
  const found = discoverBackends(root)

  const base = (p: BackendPackage): string => `othergrad-${p.backend}`
  const wanted = found.filter(
    (p) => matchesAny(base(p), args.impl) || args.impl.some((i) => i.startsWith(base(p))),
  )
  const failed =
    args.build && !args.source && !args.list
      ? buildBackends(root, wanted)
      : new Map<string, string>()
  for (const pkg of found) {
    const entries = backendEntries(pkg.dir, args.source)
    const present = entries.some((f) => existsSync(f))
    if (failed.has(pkg.name) && present) {
      // A backend whose build failed is still benched when an older dist/ is there.
      log(`bench: ${pkg.name}: ${failed.get(pkg.name)}; benching its existing dist/`)
      failed.delete(pkg.name)
    } else if (!present && !failed.has(pkg.name)) {
      const files = entries.map((f) => relative(pkg.dir, f)).join(', ') || 'no exports'
      failed.set(pkg.name, `${pkg.name} has no entry file yet (${files})`)
    }
  }
  const usable = found.filter((p) => !failed.has(p.name))
  const impls = [
    ...othergradImpls(usable, args.threads, ctx.machine.cores, args.simd),
    ...tfjsImpls(ctx.machine.cores),
  ]
  const plan = buildPlan(impls, args.only, args.impl)
  const skipped = skippedBackends(ctx, found, failed)

  log(
    `bench: ${ctx.machine.cpu_model}, ${ctx.machine.cores} cores, Node ${ctx.machine.node_version}, commit ${ctx.commit ?? '?'}`,
  )
  log(
    `bench: othergrad backends found: ${found.map((p) => p.name).join(', ') || 'none'}${skipped.length ? `; skipped: ${skipped.map((s) => `${s.id} (${s.note})`).join('; ')}` : ''}`,
  )
  log(
    `bench: ${plan.length} measurements, ${args.mode} mode${args.mode === 'quick' ? ` (MLP training capped at ${args.budgetSeconds} s; --full for whole epochs)` : ''}`,
  )
  if (args.list) {
    for (const e of plan) console.log(`${e.workload.name}  ${e.spec.id}`)
    return
  }

  const results = [...skipped, ...(await runPlan(plan, (entry) => measure(ctx, entry)))]
  const out = args.out ? resolve(args.out) : join(benchDir, 'results', 'latest.jsonl')
  reportResults(
    results,
    out,
    `othergrad benchmarks — ${ctx.machine.cpu_model}, ${ctx.machine.cores} cores, Node ${ctx.machine.node_version}, ${args.mode} mode`,
  )
}

main().catch((e: unknown) => {
  log((e as Error).stack ?? String(e))
  process.exit(1)
})
