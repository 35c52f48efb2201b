export { webgpuBackend } from './webgpuBackend'
export type { WebGpuBackendOptions } from './webgpuBackend'
// kernel authors (operator packages)
export { floatWord } from './kernelApi'
export type { Shader, WebGpuKernelApi, WebGpuWgsl } from './kernelApi'
export type { WgslType } from './storage'
