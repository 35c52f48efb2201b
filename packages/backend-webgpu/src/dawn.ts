/** Dawn (the npm package `webgpu`) as a WebGPU entry point in Node. */

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
 * Dawn's GPU object. With no `flags`, Dawn picks its backend; when that finds no adapter, the
 * OpenGL ES backend is used, which runs headless on Mesa through EGL (EGL_PLATFORM=surfaceless
 * is set when unset). The caller must keep the object referenced while its devices are in use:
 * Dawn tears the instance down when it is collected.
 */
export async function dawnGpu(flags?: string[]): Promise<GPU> {
  const dawn = await loadDawn()
  const gpu = dawn.create(flags ?? [])
  if (flags !== undefined) return gpu
  if ((await gpu.requestAdapter()) !== null) return gpu
  if ((await gpu.requestAdapter({ featureLevel: 'compatibility' })) !== null) return gpu
  process.env.EGL_PLATFORM ??= 'surfaceless'
  return dawn.create(['backend=opengles'])
}
