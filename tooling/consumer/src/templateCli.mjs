#!/usr/bin/env node
/**
 * The operator-package template test (see templateTest.mjs), run by
 * `pnpm --filter @othergrad/consumer-test test` after the consumer test. Needs `pnpm build`
 * first. `--keep` leaves the project on disk.
 */
import { runTemplateTest } from './templateTest.mjs'

const start = performance.now()
const ok = await runTemplateTest({ keep: process.argv.includes('--keep') })
console.log(`template test: ${((performance.now() - start) / 1000).toFixed(0)} s`)
process.exit(ok ? 0 : 1)
