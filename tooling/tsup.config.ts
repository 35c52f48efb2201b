import { mkdir, writeFile } from 'node:fs/promises'
import { basename, dirname, join, relative } from 'node:path'
import type { Options } from 'tsup'

/**
 * Shared tsup settings: ESM + CJS + .d.ts for every published package, and for each entry with a
 * CJS build a Node-only ES module over it (`dist/<entry>.cjs.mjs`, see `nodeEsmWrappers`).
 */
export function packageBuild(entry: string[], extra: Partial<Options> = {}): Options {
  const formats = extra.format ?? ['esm', 'cjs']
  return {
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    treeshake: true,
    ...extra,
    onSuccess: formats.includes('cjs') ? () => nodeEsmWrappers(entry) : undefined,
  }
}

/**
 * Writes `dist/<entry>.cjs.mjs`, an ES module that re-exports the entry's CJS build, for the
 * `node` + `import` export condition. Node then loads a package once, from its CJS build,
 * whether a program imports it or requires it (or both, through its dependencies): one backend
 * registry, one op registry, one grad mode and generator, one Tensor class for `instanceof`.
 * Browsers and bundlers still get the ESM build. Node reads the CJS build's export names with
 * cjs-module-lexer, which understands esbuild's CJS output.
 */
async function nodeEsmWrappers(entries: string[]): Promise<void> {
  for (const entry of entries) {
    const out = join('dist', relative('src', entry)).replace(/\.ts$/, '')
    await mkdir(dirname(out), { recursive: true })
    await writeFile(
      `${out}.cjs.mjs`,
      [
        '// Node loads this package once, from its CommonJS build, for import and require alike',
        '// (one registry per program); browsers and bundlers get the ES module build.',
        `export * from './${basename(out)}.cjs'`,
        '',
      ].join('\n'),
    )
  }
}
