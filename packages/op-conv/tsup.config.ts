import { defineConfig } from 'tsup'
import { packageBuild } from '../../tooling/tsup.config'

export default defineConfig(
  packageBuild(['src/index.ts'], { external: ['@othergrad/core', '@othergrad/nn'] }),
)
