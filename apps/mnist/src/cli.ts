#!/usr/bin/env node
import { runMnist } from './run'

runMnist(process.argv.slice(2)).catch((e: unknown) => {
  process.stderr.write(`mnist: ${e instanceof Error ? e.message : String(e)}\n`)
  process.exit(1)
})
