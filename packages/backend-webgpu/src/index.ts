export { webgpuBackend } from './webgpuBackend'
export type { WebGpuBackendOptions } from './webgpuBackend'
