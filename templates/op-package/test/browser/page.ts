/**
 * The Chromium page (run.mjs bundles and opens it): gelu's conformance cases on wasm (one
 * thread, and two: the page is cross-origin isolated) and on WebGPU (navigator.gpu), with the
 * fixtures bundled into the page, and the thread split (a large input, bit for bit). It leaves
 * every backend's result in `globalThis.geluResults`.
 */
import type { FixtureFile } from '@othergrad/conformance/run'
import { getBackend, setBackend, tensor } from '@othergrad/core'
import { wasmBackend } from '@othergrad/backend-wasm'
import { webgpuBackend } from '@othergrad/backend-webgpu'
import geluFixtures from '../../fixtures/gelu.json'
import { gelu } from '../../src/index'
import { checkBackend, type BackendCheck } from '../checkBackend'

const fixtures = (op: string): FixtureFile<unknown> => {
  if (op !== 'gelu') throw new Error(`no fixture file for op '${op}'`)
  return geluFixtures as FixtureFile<unknown>
}

const page = globalThis as typeof globalThis & { geluResults?: BackendCheck[] | { error: string } }

/** A large input split over the workers gives the bits of one thread's run. */
async function splitProblems(): Promise<string[]> {
  const values = Array.from({ length: 100_003 }, (_, i) => ((i * 7919) % 4001) / 400 - 5)
  await setBackend('wasm')
  const one = gelu(tensor(values)).dataSync()
  await setBackend('wasm-threads')
  const before = getBackend().memory().workerUnits
  let two = gelu(tensor(values)).dataSync()
  // A worker asleep on a busy machine may miss a job (the caller then runs every unit).
  for (let i = 0; i < 20 && getBackend().memory().workerUnits === before; i++) {
    two = gelu(tensor(values)).dataSync()
  }
  const problems: string[] = []
  if (getBackend().memory().workerUnits === before) problems.push('no unit ran on a worker')
  const differs = one.findIndex((v, i) => !Object.is(v, two[i]))
  if (differs >= 0) problems.push(`element ${differs} differs from one thread's run`)
  return problems
}

async function main(): Promise<BackendCheck[]> {
  if (!globalThis.crossOriginIsolated) throw new Error('the page is not cross-origin isolated')
  const results = [
    await checkBackend(wasmBackend(), ['float32', 'float64'], fixtures),
    await checkBackend(wasmBackend({ threads: 2, name: 'wasm-threads' }), ['float32'], fixtures),
    await checkBackend(webgpuBackend(), ['float32'], fixtures),
  ]
  results[1].problems.push(...(await splitProblems()))
  return results
}

main().then(
  (results) => (page.geluResults = results),
  (error: unknown) => (page.geluResults = { error: String((error as Error)?.stack ?? error) }),
)
