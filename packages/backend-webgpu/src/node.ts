/**
 * `@othergrad/backend-webgpu/node`: the backend on Dawn, through the npm package `webgpu`. Kept
 * out of the main entry so browser bundles never see the Node-only import.
 */
import type { Backend } from '@othergrad/core/backend'
import { webgpuBackend, type WebGpuBackendOptions } from './webgpuBackend'

export interface NodeWebGpuBackendOptions extends WebGpuBackendOptions {
  /**
   * Dawn toggles for `create()`, e.g. `['backend=opengles']`. By default Dawn picks its backend,
   * and when it finds no adapter the OpenGL ES backend (Mesa, also without a GPU) is tried.
   */
  dawnFlags?: string[]
}

/** The module `webgpu` exports (typed here so the package needs no types of its own). */
interface DawnModule {
  create(flags: string[]): GPU
}

async function loadDawn(): Promise<DawnModule> {
  try {
    // A variable specifier keeps bundlers from resolving the Node-only package.
    const specifier = 'webgpu'
    return (await import(specifier)) as DawnModule
  } catch (cause) {
    throw new Error("webgpu: nodeWebgpuBackend() needs the npm package 'webgpu'; install it", {
      cause,
    })
  }
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
  const { dawnFlags, ...rest } = options
  return webgpuBackend({
    ...rest,
    gpu:
      rest.gpu ??
      (async () => {
        const dawn = await loadDawn()
        const gpu = dawn.create(dawnFlags ?? [])
        if (dawnFlags !== undefined || rest.adapterOptions !== undefined) return gpu
        if ((await gpu.requestAdapter()) !== null) return gpu
        // No native adapter: fall back to OpenGL ES, which runs headless through EGL.
        process.env.EGL_PLATFORM ??= 'surfaceless'
        return dawn.create(['backend=opengles'])
      }),
  })
}

export type { WebGpuBackendOptions }
