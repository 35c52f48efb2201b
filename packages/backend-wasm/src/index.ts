export { wasmBackend } from './wasmBackend'
export type { WasmBackendOptions } from './wasmBackend'
