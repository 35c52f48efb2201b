/**
 * Compiles the package's AssemblyScript kernels (assembly/) into src/generated/geluWasm.ts: a
 * plain-memory module (one thread) and a shared-memory one (the backend's thread pool), each
 * linked so that the wasm backend can place its static data wherever its allocator has room.
 * Skips the work when the output is newer than every source (`--force` rebuilds). Run by build,
 * test and typecheck.
 */
import { fileURLToPath } from 'node:url'
import asc from 'assemblyscript/asc'
import { buildPackageModule } from '@othergrad/backend-wasm/build'

const built = await buildPackageModule({
  asc,
  root: fileURLToPath(new URL('..', import.meta.url)),
  entry: 'assembly/index.ts',
  out: 'src/generated/geluWasm.ts',
  exportName: 'GELU_WASM',
  flags: [
    '--enable',
    'simd',
    '--optimizeLevel',
    '3',
    '--shrinkLevel',
    '0',
    '--noAssert',
    '--use',
    'abort=',
  ],
  force: process.argv.includes('--force'),
})
if (built) {
  console.log(
    `build-wasm: gelu ${built.plain.length} bytes (plain), ${built.shared.length} bytes (shared)`,
  )
}
