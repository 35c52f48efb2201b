import { vitestConfig } from '../../tooling/vitest.config'

/**
 * test/relaxed/: the suites that need relaxed SIMD, which Node 20 runs only with
 * --experimental-wasm-relaxed-simd. V8 flags are per process, so these run in forked processes
 * started with the flag (worker threads would inherit the parent's flags).
 */
export default {
  ...vitestConfig,
  test: {
    ...vitestConfig.test,
    include: ['test/relaxed/**/*.test.ts'],
    pool: 'forks',
    poolOptions: { forks: { execArgv: ['--experimental-wasm-relaxed-simd'] } },
  },
}
