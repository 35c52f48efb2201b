/** The module's exports: what src/kernels/wasm/softplus.ts binds (SoftplusExports). */
export { softplusF32, softplusF64, softplusUnit } from './softplus'
