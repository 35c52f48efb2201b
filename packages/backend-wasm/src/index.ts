export { wasmBackend } from './wasmBackend'
export type { WasmBackend, WasmBackendOptions } from './wasmBackend'
export { enableRelaxedSimd } from './module'
export type { SimdVariant } from './module'
// kernel authors (operator packages)
export type {
  WasmKernelApi,
  WasmMemory,
  WasmModuleBuilds,
  WasmModuleExports,
  WasmPackageModule,
  WasmRunOptions,
} from './kernelApi'
