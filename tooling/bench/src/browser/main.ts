/**
 * `pnpm bench --browser`: the Node bench's workloads in headless Chromium, on a cross-origin
 * isolated page served from 127.0.0.1, one browser per measurement; the same table and JSON lines.
 */
import { spawnSync } from 'node:child_process'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { BenchArgs } from '../args'
import { findWorkspaceRoot } from '../discover'
import { gitCommit, loadAverage, machineInfo, type MachineInfo } from '../machine'
import type { Environment, Measurement } from '../measurement'
import { buildPlan, type PlanEntry } from '../plan'
import { log, reportResults, runPlan } from '../session'
import { bundlePages } from './bundle'
import { launchChromium } from './chromium'
import { browserImpls } from './plan'
import { chromiumFlagsFor, type BrowserTask } from './protocol'
import { runTaskInChromium, type PageOutcome } from './run'
import { startPageServer } from './server'

const benchDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')

interface Context {
  args: BenchArgs
  machine: MachineInfo
  commit: string | null
  environment: Environment
}

/** The fields every row of an entry has, whatever happened to it. */
export function browserBaseRecord(
  ctx: Context,
  entry: PlanEntry,
): Omit<Measurement, 'status' | 'threads'> {
  const { spec, workload } = entry
  return {
    id: spec.id,
    impl: spec.impl,
    backend: spec.backend,
    variant: spec.variant,
    workload: workload.name,
    kind: workload.kind,
    mode: ctx.args.mode,
    ...((workload.kind === 'mlp' || workload.kind === 'cnn') && ctx.args.mode === 'quick'
      ? { budget_s: ctx.args.budgetSeconds }
      : {}),
    environment: ctx.environment,
    load_avg_1m: loadAverage(),
    commit: ctx.commit,
    timestamp: new Date().toISOString(),
    machine: ctx.machine,
  }
}

/**
 * A page's outcome as a JSON line: its figures, the kernel variant that ran, and the renderer's
 * peak RSS read from outside in place of the page's own (JS heap) estimate.
 */
export function toMeasurement(
  base: Omit<Measurement, 'status' | 'threads'>,
  threads: number,
  outcome: PageOutcome,
): Measurement {
  const report = outcome.report
  if (!report) return { ...base, status: 'error', threads, note: outcome.failure }
  if (!report.ok) {
    return { ...base, status: report.skip ? 'skipped' : 'error', threads, note: report.message }
  }
  const { peak_rss_bytes: pageHeap, ...result } = report.result
  return {
    ...base,
    status: 'ok',
    ...result,
    ...(outcome.peakRendererRss !== null
      ? { peak_rss_bytes: outcome.peakRendererRss }
      : pageHeap
        ? { peak_js_heap_bytes: pageHeap }
        : {}),
    ...(report.simd ? { simd: report.simd } : {}),
  }
}

/** Builds what the pages import (the bench's workspace dependencies), turbo-cached. */
function buildDependencies(root: string): void {
  log('bench: building the workspace packages the pages import (turbo, cached)')
  const run = spawnSync(
    join(root, 'node_modules', '.bin', 'turbo'),
    ['run', 'build', '--filter=@othergrad/bench^...', '--output-logs=errors-only'],
    {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' },
    },
  )
  if (run.status !== 0) {
    const tail = `${run.stdout}\n${run.stderr}`.trim().split('\n').slice(-3).join(' | ')
    log(`bench: the build failed (${tail}); benching the existing dist/`)
  }
}

/** The browser bench: plans, runs every entry in a Chromium of its own, prints and writes. */
export async function browserBench(args: BenchArgs): Promise<void> {
  const root = findWorkspaceRoot(benchDir)
  const machine = machineInfo()
  const plan = buildPlan(
    browserImpls(machine.cores, args.threads, args.simd, args.webgpu),
    args.only,
    args.impl,
  )
  if (args.list) {
    for (const e of plan) console.log(`${e.workload.name}  ${e.spec.id}  (chromium)`)
    return
  }
  if (args.build && !args.source) buildDependencies(root)
  const probe = await launchChromium()
  const version = probe.browser.version()
  await probe.close()
  const ctx: Context = {
    args,
    machine,
    commit: gitCommit(root),
    environment: { name: 'chromium', version },
  }
  log(
    `bench: ${machine.cpu_model}, ${machine.cores} cores, Chromium ${version} (cross-origin isolated page), commit ${ctx.commit ?? '?'}`,
  )
  log(
    `bench: ${plan.length} measurements, ${args.mode} mode${args.mode === 'quick' ? ` (MLP training capped at ${args.budgetSeconds} s; --full for whole epochs)` : ''}`,
  )
  const server = await startPageServer(await bundlePages(args.source))
  const timeout = args.timeoutSeconds ?? (args.mode === 'quick' ? 600 : 3600)
  let results: Measurement[]
  try {
    results = await runPlan(
      plan,
      async (entry) => {
        const task: BrowserTask = {
          spec: entry.spec as BrowserTask['spec'],
          workload: entry.workload.name,
          mode: args.mode,
          budgetSeconds: args.budgetSeconds,
        }
        const outcome = await runTaskInChromium(server, task, timeout, chromiumFlagsFor(task.spec))
        if (outcome.report && !outcome.report.ok && outcome.report.stack && !outcome.report.skip)
          log(outcome.report.stack.replace(/^/gm, '    '))
        return toMeasurement(browserBaseRecord(ctx, entry), entry.spec.threads ?? 1, outcome)
      },
      ' (chromium)',
    )
  } finally {
    await server.close()
  }
  const out = args.out ? resolve(args.out) : join(benchDir, 'results', 'latest-browser.jsonl')
  reportResults(
    results,
    out,
    `othergrad benchmarks in Chromium ${version} (cross-origin isolated page) — ${machine.cpu_model}, ${machine.cores} cores, ${args.mode} mode`,
  )
}
