import { defineConfig } from 'tsup'
import { packageBuild } from '../../tooling/tsup.config'

// ESM only: the suite registers vitest blocks, and vitest cannot be loaded with require().
export default defineConfig(
  packageBuild(['src/index.ts'], { format: ['esm'], external: ['vitest'] }),
)
