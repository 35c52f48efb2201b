import { defineConfig } from 'tsup'
import { packageBuild } from '../../tooling/tsup.config'

// ESM only: the suite registers vitest blocks, and vitest cannot be loaded with require().
// `run` (runEntry.ts) is the same cases and runner without vitest, for browsers and scripts.
export default defineConfig(
  packageBuild(['src/index.ts', 'src/runEntry.ts'], { format: ['esm'], external: ['vitest'] }),
)
