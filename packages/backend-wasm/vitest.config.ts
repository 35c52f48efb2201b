import { configDefaults } from 'vitest/config'
import { vitestConfig } from '../../tooling/vitest.config'

// test/relaxed/ needs relaxed SIMD: vitest.relaxed.config.ts runs it with the flag Node 20 needs.
export default {
  ...vitestConfig,
  test: {
    ...vitestConfig.test,
    exclude: [...configDefaults.exclude, 'test/relaxed/**'],
    // It sets a V8 flag, which holds for its whole process: a forked process of its own.
    poolMatchGlobs: [['**/test/relaxedFlag.test.ts', 'forks']],
  },
}
