import { defineConfig, mergeConfig } from 'vitest/config'
import { vitestConfig } from '../../tooling/vitest.config'

// Dawn is a native addon: test files run in child processes rather than worker threads, with
// gc() exposed so the training test can give finalizers a chance to run.
export default mergeConfig(
  vitestConfig,
  defineConfig({
    test: {
      pool: 'forks',
      poolOptions: { forks: { maxForks: 2, minForks: 1, execArgv: ['--expose-gc'] } },
    },
  }),
)
