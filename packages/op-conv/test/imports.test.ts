/**
 * An operator package imports backends for their types only, so that a user installs only the
 * backends they use: no run-time import of @othergrad/backend-* anywhere in src/.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'

const src = fileURLToPath(new URL('../src', import.meta.url))

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(join(dir, e.name))
      : e.name.endsWith('.ts')
        ? [join(dir, e.name)]
        : [],
  )
}

it('imports backend packages for their types only', () => {
  const files = sources(src)
  expect(files.length).toBeGreaterThan(10)
  const runtime = files.flatMap((file) =>
    [
      ...readFileSync(file, 'utf8').matchAll(
        /^import (?!type )[^;]*?from '(@othergrad\/backend-[^']*)'/gm,
      ),
    ].map((m) => `${file}: ${m[1]}`),
  )
  expect(runtime).toEqual([])
})
