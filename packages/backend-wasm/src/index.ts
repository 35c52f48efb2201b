export { wasmBackend } from './wasmBackend'
export type { WasmBackendOptions } from './wasmBackend'
// kernel authors (operator packages)
export type {
  WasmKernelApi,
  WasmModuleBuilds,
  WasmModuleExports,
  WasmPackageModule,
  WasmRunOptions,
} from './kernelApi'
