import { defineConfig } from 'tsup'
import { packageBuild } from '../../tooling/tsup.config'

// The .wasm bytes are inlined (src/generated/wasmBinary.ts), and node:worker_threads is loaded
// at run time in Node without an import bundlers see (threads.ts), so one bundle serves Node and
// browsers.
export default defineConfig(packageBuild(['src/index.ts']))
