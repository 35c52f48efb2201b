/**
 * `pnpm bench --browser`: the Node bench's workloads in headless Chromium, on a cross-origin
 * isolated page served from 127.0.0.1, one browser per measurement; the same table and JSON lines.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { BenchArgs } from '../args'
import { findWorkspaceRoot } from '../discover'
import { gitCommit, loadAverage, machineInfo, type MachineInfo } from '../machine'
import type { Environment, Measurement } from '../measurement'
import { buildPlan, type PlanEntry } from '../plan'
import { nodeFmaPeak } from '../fmaPeak'
import { figureOf, formatFigure, formatTable, withLimitShares, withRatios } from '../report'
import { bundlePages } from './bundle'
import { launchChromium } from './chromium'
import { browserImpls } from './plan'
import { chromiumFlagsFor, type BrowserTask } from './protocol'
import { runTaskInChromium, type PageOutcome } from './run'
import { startPageServer } from './server'

const benchDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')

function log(message: string): void {
  process.stderr.write(`${message}\n`)
}

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

function describe(m: Measurement): string {
  const f = figureOf(m)
  if (!f) return `${m.status}: ${m.note ?? ''}`
  const parts = [formatFigure(f)]
  if (m.simd) parts.push(m.simd)
  if (m.kind === 'mlp' || m.kind === 'cnn') {
    parts.push(
      m.epoch_complete
        ? `full epoch in ${m.seconds?.toFixed(1)} s`
        : `${Math.round((m.epoch_fraction ?? 0) * 100)}% of an epoch in ${m.seconds?.toFixed(1)} s`,
    )
    if (m.test_accuracy !== null && m.test_accuracy !== undefined)
      parts.push(`test acc ${m.test_accuracy.toFixed(4)}`)
    parts.push(`first loss ${m.first_loss?.toFixed(4)}`)
  }
  return parts.join(', ')
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
  const results: Measurement[] = []
  // An implementation that cannot run (a variant the backend lacks) is reported once.
  const unusable = new Set<string>()
  try {
    for (const [i, entry] of plan.entries()) {
      if (unusable.has(entry.spec.id)) continue
      log(`[${i + 1}/${plan.length}] ${entry.workload.name} on ${entry.spec.id} (chromium) ...`)
      const started = Date.now()
      const task: BrowserTask = {
        spec: entry.spec as BrowserTask['spec'],
        workload: entry.workload.name,
        mode: args.mode,
        budgetSeconds: args.budgetSeconds,
      }
      // The machine's limit now, measured from Node (the same V8 code generator as Chromium's).
      const limit = await nodeFmaPeak(entry.spec.threads ?? 1, 10_000_000)
      const base = {
        ...browserBaseRecord(ctx, entry),
        fma_limit_gflops: limit === null ? null : Math.round(limit * 10) / 10,
      }
      const outcome = await runTaskInChromium(server, task, timeout, chromiumFlagsFor(task.spec))
      if (outcome.report && !outcome.report.ok && outcome.report.stack && !outcome.report.skip)
        log(outcome.report.stack.replace(/^/gm, '    '))
      const m = toMeasurement(base, entry.spec.threads ?? 1, outcome)
      log(
        `[${i + 1}/${plan.length}]   ${describe(m)} (${((Date.now() - started) / 1000).toFixed(0)} s wall)`,
      )
      if (m.status === 'skipped') {
        unusable.add(entry.spec.id)
        results.push({ ...m, workload: '*', kind: null })
      } else {
        results.push(m)
      }
    }
  } finally {
    await server.close()
  }

  const final = withLimitShares(withRatios(results))
  const lines = final.map((m) => JSON.stringify(m))
  const out = args.out ? resolve(args.out) : join(benchDir, 'results', 'latest-browser.jsonl')
  mkdirSync(dirname(out), { recursive: true })
  writeFileSync(out, `${lines.join('\n')}\n`)
  console.log(
    `\nothergrad benchmarks in Chromium ${version} (cross-origin isolated page) — ${machine.cpu_model}, ${machine.cores} cores, ${args.mode} mode\n`,
  )
  console.log(formatTable(final))
  console.log('\nJSON lines:')
  for (const line of lines) console.log(line)
  console.log(`\nwritten to ${relative(process.cwd(), out) || out}`)
  const errors = final.filter((m) => m.status === 'error').length
  if (errors > 0) log(`bench: ${errors} measurement(s) failed; see the note fields`)
}
