#!/usr/bin/env node
/**
 * `pnpm --filter @othergrad/consumer-test test`: the consumer test (see consumerTest.mjs).
 * Needs `pnpm build` first (turbo runs it). `--keep` leaves the temporary projects on disk.
 */
import { runConsumerTest } from './consumerTest.mjs'

const start = performance.now()
const ok = await runConsumerTest({ keep: process.argv.includes('--keep') })
console.log(`consumer test: ${((performance.now() - start) / 1000).toFixed(0)} s`)
process.exit(ok ? 0 : 1)
