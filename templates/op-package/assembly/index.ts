/** The module's exports: what src/kernels/wasm/gelu.ts binds (GeluExports). */
export { geluF32, geluF64, geluUnit } from './gelu'
