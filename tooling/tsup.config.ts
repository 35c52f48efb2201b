import type { Options } from 'tsup'

/** Shared tsup settings: ESM + CJS + .d.ts for every published package. */
export function packageBuild(entry: string[], extra: Partial<Options> = {}): Options {
  return {
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    treeshake: true,
    ...extra,
  }
}
