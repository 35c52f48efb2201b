/**
 * Compiles the package's AssemblyScript kernels (assembly/) into src/generated/softplusWasm.ts:
 * a plain-memory and a shared-memory module, each linked so that the wasm backend can place its
 * static data (AssemblyScript's Math tables) wherever its allocator has room. Skips the work when
 * the output is newer than every source. Run by build, test and typecheck.
 */
import { fileURLToPath } from 'node:url'
import asc from 'assemblyscript/asc'
import { buildPackageModule } from '@othergrad/backend-wasm/build'

const built = await buildPackageModule({
  asc,
  root: fileURLToPath(new URL('..', import.meta.url)),
  entry: 'assembly/index.ts',
  out: 'src/generated/softplusWasm.ts',
  exportName: 'SOFTPLUS_WASM',
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
    `build-wasm: softplus ${built.plain.length} bytes (plain), ${built.shared.length} bytes (shared)`,
  )
}
