/**
 * `@othergrad/backend-webgpu/node`: the backend on Dawn, through the npm package `webgpu`. Kept
 * out of the main entry so browser bundles never see the Node-only import.
 */
import type { Backend } from '@othergrad/core/backend'
import { dawnGpu } from './dawn'
import { checkWebGpuOptions, webgpuBackend, type WebGpuBackendOptions } from './webgpuBackend'

/** `nodeWebgpuBackend`'s options: `webgpuBackend`'s, plus Dawn's flags. */
export interface NodeWebGpuBackendOptions extends WebGpuBackendOptions {
  /**
   * Dawn toggles for `create()`, e.g. `['backend=opengles']`. By default Dawn picks its backend,
   * and when it finds no adapter the OpenGL ES backend (Mesa, also without a GPU) is tried.
   */
  dawnFlags?: string[]
}

/**
 * The WebGPU backend in Node, on Dawn. Without a GPU, Dawn's OpenGL ES backend runs on Mesa's
 * software rasteriser (Debian: `libegl-mesa0 libgl1-mesa-dri`; EGL_PLATFORM=surfaceless is set
 * when unset).
 *
 * @example
 * use(nodeWebgpuBackend())
 * await setBackend('webgpu')
 */
export function nodeWebgpuBackend(options: NodeWebGpuBackendOptions = {}): Backend {
  checkWebGpuOptions('nodeWebgpuBackend', options, ['dawnFlags'])
  const { dawnFlags, ...rest } = options
  return webgpuBackend({ ...rest, gpu: rest.gpu ?? (() => dawnGpu(dawnFlags)) })
}

export type { WebGpuBackendOptions }
