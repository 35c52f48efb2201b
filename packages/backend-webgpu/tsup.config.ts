import { defineConfig } from 'tsup'
import { packageBuild } from '../../tooling/tsup.config'

// The public types mention GPUDevice and friends: point consumers at @webgpu/types.
export default defineConfig(
  packageBuild(['src/index.ts', 'src/node.ts'], {
    external: ['webgpu'],
    dts: { banner: '/// <reference types="@webgpu/types" />' },
  }),
)
