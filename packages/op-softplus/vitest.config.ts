import { defineConfig, mergeConfig } from 'vitest/config'
import { vitestConfig } from '../../tooling/vitest.config'

// Dawn (the webgpu test) is a native addon that reads EGL_PLATFORM from the real environment,
// which a worker thread cannot set: test files run in child processes, as backend-webgpu's do.
export default mergeConfig(
  vitestConfig,
  defineConfig({
    test: { pool: 'forks', poolOptions: { forks: { maxForks: 2, minForks: 1 } } },
  }),
)
