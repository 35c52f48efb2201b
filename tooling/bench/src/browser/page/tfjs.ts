/**
 * The page script of TensorFlow.js rows: tfjs-backend-wasm with its .wasm files from the bench's
 * server. One thread runs the SIMD binary, as on a page that is not cross-origin isolated; more
 * run the threaded SIMD binary, which tfjs picks on an isolated page.
 */
import * as tf from '@tensorflow/tfjs'
import * as tfWasm from '@tensorflow/tfjs-backend-wasm'
import { tfjsLibrary } from '../../runners/tfjs'
import type { BrowserTask } from '../protocol'
import { runInPage, type PageLibrary } from './harness'

/**
 * Runs `init` while `navigator.hardwareConcurrency` says `cores`: tfjs caps XNNPACK's pool at half
 * the logical cores (it assumes two hyperthreads per core), so on a 2-core machine it would run
 * one thread whatever `setThreadsCount` asks.
 */
async function withReportedCores<T>(cores: number, init: () => Promise<T>): Promise<T> {
  Object.defineProperty(navigator, 'hardwareConcurrency', { configurable: true, get: () => cores })
  try {
    return await init()
  } finally {
    delete (navigator as unknown as Record<string, unknown>).hardwareConcurrency
  }
}

async function load(task: BrowserTask): Promise<PageLibrary> {
  const { spec } = task
  const threads = spec.threads ?? 1
  if (spec.backend !== 'wasm') throw new Error(`bench: tfjs '${spec.backend}' is not in the page`)
  tfWasm.setWasmPaths('/tfjs-wasm/')
  if (threads === 1) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false)
  else tfWasm.setThreadsCount(threads)
  const ok = await withReportedCores(2 * threads, () => tf.setBackend('wasm'))
  await tf.ready()
  if (!ok || tf.getBackend() !== 'wasm')
    throw new Error(`bench: tfjs runs on '${tf.getBackend()}', not 'wasm'`)
  const actual = tfWasm.getThreadsCount()
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')
  const threaded = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')
  const binary = `${threaded ? 'threaded-simd' : simd ? 'simd' : 'plain'} binary`
  return { lib: tfjsLibrary(tf, spec, actual, binary) }
}

runInPage(load)
