/** The page script of backend-webgpu rows (`--webgpu`): the browser's own WebGPU. */
import { webgpuBackend } from '@othergrad/backend-webgpu'
import webgpuPackage from '@othergrad/backend-webgpu/package.json'
import { setBackend, use } from '@othergrad/core'
import { convOps } from '@othergrad/op-conv'
import { othergradLibrary } from '../../runners/othergrad'
import { runInPage, SkipError, type PageLibrary } from './harness'

async function load(): Promise<PageLibrary> {
  if (!('gpu' in navigator)) throw new SkipError('this Chromium has no navigator.gpu')
  const backend = webgpuBackend()
  use(backend)
  use(convOps())
  await setBackend(backend.name)
  return { lib: othergradLibrary(backend, webgpuPackage.version) }
}

runInPage(load)
