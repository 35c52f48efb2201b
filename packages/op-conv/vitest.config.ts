import { defineConfig, mergeConfig } from 'vitest/config'
import { vitestConfig } from '../../tooling/vitest.config'

// The WebGPU tests load Dawn, a native addon that reads its environment at load: test files run
// in child processes, as backend-webgpu's do, rather than worker threads.
export default mergeConfig(
  vitestConfig,
  defineConfig({
    test: { pool: 'forks', poolOptions: { forks: { maxForks: 2, minForks: 1 } } },
  }),
)
