import { defineConfig } from 'tsup'
import { packageBuild } from '../../tooling/tsup.config'

// The .wasm bytes are inlined (src/generated/wasmBinary.ts), and node:worker_threads is only
// imported dynamically in Node, so one bundle serves Node and browsers.
export default defineConfig(packageBuild(['src/index.ts'], { external: ['node:worker_threads'] }))
