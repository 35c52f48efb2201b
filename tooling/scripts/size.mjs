// Prints the line count of @othergrad/core's sources (tests excluded), so growth is a visible choice.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? walk(path) : [path]
  })
}
const files = walk(new URL('../../packages/core/src', import.meta.url).pathname).filter(
  (f) => f.endsWith('.ts') && !f.endsWith('.test.ts'),
)
const lines = files.reduce((n, f) => n + readFileSync(f, 'utf8').split('\n').length, 0)
console.log(`@othergrad/core: ${files.length} files, ${lines} lines`)
