/**
 * Compiles op-conv's AssemblyScript kernels (assembly/) into src/generated/convWasm.ts with
 * backend-wasm's `buildPackageModule`: a plain-memory and a shared-memory module (each also with
 * relaxed SIMD, for backends running theirs), linked so that the wasm backend can place any
 * static data wherever its allocator has room. Skips the work when the output is newer than every
 * source. Run by build, test and typecheck.
 */
import { fileURLToPath } from 'node:url'
import asc from 'assemblyscript/asc'
import { buildPackageModule } from '@othergrad/backend-wasm/build'

const built = await buildPackageModule({
  asc,
  root: fileURLToPath(new URL('..', import.meta.url)),
  entry: 'assembly/index.ts',
  out: 'src/generated/convWasm.ts',
  exportName: 'CONV_WASM',
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
  // A second pair with relaxed SIMD: the GEMM's multiply-adds fused, for relaxed backends.
  relaxed: true,
  force: process.argv.includes('--force'),
})
if (built) {
  console.log(
    `build-wasm: conv ${built.plain.length} bytes (plain), ${built.shared.length} bytes (shared), relaxed SIMD ${built.relaxed?.plain.length} / ${built.relaxed?.shared.length}`,
  )
}
