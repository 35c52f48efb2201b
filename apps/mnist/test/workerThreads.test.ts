/**
 * `pnpm mnist` runs the sources through tsx, whose esbuild transform (keepNames) once broke the
 * wasm backend's worker threads without failing anything: the caller ran every unit itself, so
 * results stayed right and only speed was lost. This runs a threaded backend the same way and
 * checks that the workers really take part.
 */
import { execFileSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const here = dirname(fileURLToPath(import.meta.url))

describe('wasm worker threads under tsx', () => {
  it('run units of split matmuls', () => {
    const output = execFileSync(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', join(here, 'fixtures', 'workerUnits.ts')],
      { cwd: join(here, '..'), encoding: 'utf8', timeout: 60_000 },
    )
    const { workerUnits } = JSON.parse(output.trim().split('\n').pop()!) as { workerUnits: number }
    expect(workerUnits).toBeGreaterThan(0)
  })
})
