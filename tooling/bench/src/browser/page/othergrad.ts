/** The page script of othergrad rows: backend-wasm with the task's threads and kernel variant. */
import { wasmBackend } from '@othergrad/backend-wasm'
import wasmPackage from '@othergrad/backend-wasm/package.json'
import { setBackend, use } from '@othergrad/core'
import { convOps } from '@othergrad/op-conv'
import { othergradLibrary } from '../../runners/othergrad'
import type { BrowserTask } from '../protocol'
import { runInPage, SkipError, type PageLibrary } from './harness'
import { makeWasmBackend, simdOf, type WasmFactory } from './othergradSimd'

async function load(task: BrowserTask): Promise<PageLibrary> {
  const { spec } = task
  const threads = spec.threads ?? 1
  const wanted = spec.simd ?? 'simd128'
  const { backend, optionPassed } = makeWasmBackend(
    wasmBackend as unknown as WasmFactory,
    threads,
    wanted,
  )
  use(backend)
  use(convOps())
  try {
    await setBackend(backend.name)
  } catch (e) {
    // A variant the browser cannot run may only show when the module is compiled.
    if (optionPassed && /simd|relaxed/i.test((e as Error).message))
      throw new SkipError((e as Error).message)
    throw e
  }
  const simd = simdOf(backend)
  if (simd !== wanted)
    throw new SkipError(`asked for the '${wanted}' kernels, the backend runs '${simd}'`)
  const lib = othergradLibrary(backend, wasmPackage.version)
  const note = optionPassed ? undefined : `no simd option in this backend-wasm: its own ${simd}`
  return { lib: note ? { ...lib, note } : lib, simd }
}

runInPage(load)
