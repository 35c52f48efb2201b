import { defineConfig } from 'tsup'
import { packageBuild } from '../../tooling/tsup.config'

// `shims` gives the CJS build an `import.meta.url`, which the fixture loader resolves paths from.
export default defineConfig(packageBuild(['src/index.ts'], { shims: true, external: ['vitest'] }))
