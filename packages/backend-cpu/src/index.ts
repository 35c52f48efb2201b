export { cpuBackend } from './cpuBackend'
export type { CpuBackendOptions } from './cpuBackend'
// kernel authors (operator packages)
export type { CpuKernelApi } from './kernelApi'
