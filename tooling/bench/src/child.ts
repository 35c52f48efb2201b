/**
 * One measurement in a process of its own: `node --import tsx src/child.ts '<task json>'`. Prints
 * one line `BENCH_RESULT {...}` on stdout (a ChildReport) and exits.
 */
import { runCnn, runConv, runMatmul, runMlp, runOverhead } from './driver'
import type { Library } from './library'
import type { ChildResult } from './measurement'
import { loadMnist } from './mnist'
import { RESULT_MARKER, type ChildReport, type ChildTask } from './protocol'
import { roundFigures } from './report'
import { findWorkload } from './workloads'

async function load(task: ChildTask): Promise<Library> {
  if (task.spec.impl === 'tfjs') return (await import('./runners/tfjs')).loadTfjs(task.spec)
  return (await import('./runners/othergrad')).loadOthergrad(task.spec, task.source)
}

async function measure(task: ChildTask): Promise<ChildReport> {
  const workload = findWorkload(task.workload)
  if (!workload) return { ok: false, skip: false, message: `unknown workload '${task.workload}'` }
  let lib: Library
  try {
    lib = await load(task)
  } catch (e) {
    const skip = (e as Error).name === 'SkipError'
    return { ok: false, skip, message: (skip ? '' : 'could not load: ') + (e as Error).message }
  }
  if (task.spec.threads !== null && lib.threads !== task.spec.threads) {
    return {
      ok: false,
      skip: true,
      message: `asked for ${task.spec.threads} threads, the backend runs ${lib.threads} (no threads option?)`,
    }
  }
  const options = { mode: task.mode, budgetSeconds: task.budgetSeconds }
  let result: ChildResult
  if (workload.kind === 'mlp') result = await runMlp(lib, workload, loadMnist(), options)
  else if (workload.kind === 'cnn') result = await runCnn(lib, workload, loadMnist(), options)
  else if (workload.kind === 'conv') result = await runConv(lib, workload, options)
  else if (workload.kind === 'matmul') result = await runMatmul(lib, workload.n, options)
  else result = await runOverhead(lib, workload.ops, workload.size, options)
  return {
    ok: true,
    result: {
      ...roundFigures(result),
      ...(lib.simd === undefined ? {} : { simd: lib.simd }),
      library_version: lib.version,
      ...(lib.note ? { note: lib.note } : {}),
    },
  }
}

function report(r: ChildReport): void {
  // Threaded backends keep workers alive: exit once the line is written.
  process.stdout.write(`${RESULT_MARKER}${JSON.stringify(r)}\n`, () => process.exit(0))
}

const task = JSON.parse(process.argv[2] ?? '{}') as ChildTask
measure(task).then(report, (e: unknown) => {
  const err = e as Error
  report({ ok: false, skip: false, message: err.message ?? String(e), stack: err.stack })
})
