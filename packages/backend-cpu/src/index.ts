export { cpuBackend } from './cpuBackend'
export type { CpuBackendOptions } from './cpuBackend'
