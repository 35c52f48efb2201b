/** Types of buildPackageModule.mjs (the `@othergrad/backend-wasm/build` entry). */

/** What `main` of `assemblyscript/asc` looks like, as far as the build uses it. */
export interface AssemblyScriptCompiler {
  main(
    args: string[],
    options?: {
      stdout?: { write(chunk: string | Uint8Array): unknown }
      stderr?: { write(chunk: string | Uint8Array): unknown }
      writeFile?: (name: string, contents: Uint8Array | string, baseDir: string) => void
    },
  ): Promise<{ error: Error | null }>
}

export interface PackageModuleBuild {
  /** The package's own AssemblyScript compiler: `import asc from 'assemblyscript/asc'`. */
  asc: AssemblyScriptCompiler
  /** The AssemblyScript entry file, relative to `root`. */
  entry: string
  /** The TypeScript module to write, relative to `root`. */
  out: string
  /** The name it exports: `{ plain, shared }`, both base64, for `WasmKernelApi.instantiate`. */
  exportName: string
  /** More asc flags: optimisation, `--enable simd`, `--noAssert`, `--use abort=`, ... */
  flags?: string[]
  /** The package's directory (default: the working directory). */
  root?: string
  /** Files or directories whose changes rebuild (default: the entry's directory). */
  sources?: string[]
  /** Rebuild even when the output is newer than every source. */
  force?: boolean
  /**
   * Also compile both variants with relaxed SIMD (`ASC_FEATURE_RELAXED_SIMD` true,
   * `f32x4.relaxed_madd` fused where the hardware has it), written as `relaxed: { plain, shared }`;
   * a backend running its relaxed build instantiates them instead.
   */
  relaxed?: boolean
}

/**
 * Compiles a package's AssemblyScript into its plain-memory and shared-memory modules (and with
 * `relaxed`, both again with relaxed SIMD), links each so its static data can live wherever the
 * backend's allocator puts it, and writes them as base64 into `out`. Resolves to the binaries, or null when `out` was up to date.
 */
export function buildPackageModule(options: PackageModuleBuild): Promise<{
  plain: Uint8Array
  shared: Uint8Array
  relaxed?: { plain: Uint8Array; shared: Uint8Array }
} | null>
