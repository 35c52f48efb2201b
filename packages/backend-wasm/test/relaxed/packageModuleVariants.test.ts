/**
 * A package module built with relaxed SIMD too (buildPackageModule's `relaxed`): a backend running
 * its relaxed build instantiates the relaxed variant, one forced to SIMD128 the plain one, on one
 * thread and on two (vitest.relaxed.config.ts starts Node with the relaxed-SIMD flag).
 */
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import asc from 'assemblyscript/asc'
import { describe, expect, it } from 'vitest'
import { buildPackageModule } from '../../scripts/buildPackageModule.mjs'
import { wasmBackend, type WasmKernelApi } from '../../src/index'

const assembly = fileURLToPath(new URL('../../assembly/test', import.meta.url))
const out = join(mkdtempSync(join(tmpdir(), 'othergrad-wasm-')), 'fusedProbe.generated.ts')
// `-1 + e·e` with e = 1 + 2^-12: fused it keeps the 2^-24 that rounding e·e first loses.
const E = 1 + 2 ** -12
const FUSED = 2 ** -11 + 2 ** -24
const UNFUSED = 2 ** -11

describe('a package module with a relaxed-SIMD build', () => {
  it('writes both builds and runs the one matching the backend', async () => {
    const builds = (await buildPackageModule({
      asc,
      root: assembly,
      entry: 'fusedProbe.ts',
      out,
      exportName: 'FUSED_PROBE',
      flags: ['--enable', 'simd', '--optimizeLevel', '3', '--noAssert'],
      relaxed: true,
      force: true,
    }))!
    expect(builds.relaxed).toBeDefined()
    expect(readFileSync(out, 'utf8')).toMatch(
      /relaxed: \{\n {4}plain: '[A-Za-z0-9+/=]+',\n {4}shared: '/,
    )
    const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64')
    const PROBE = {
      plain: b64(builds.plain),
      shared: b64(builds.shared),
      relaxed: { plain: b64(builds.relaxed!.plain), shared: b64(builds.relaxed!.shared) },
    }
    for (const [simd, threads, expected] of [
      ['relaxed', 1, FUSED],
      ['relaxed', 2, FUSED],
      ['simd128', 1, UNFUSED],
      ['simd128', 2, UNFUSED],
    ] as const) {
      const backend = wasmBackend({ simd, threads, name: `wasm-probe-${simd}-${threads}` })
      await backend.init!()
      const wasm = backend.kernelApi as WasmKernelApi
      const { exports } = await wasm.instantiate<{ madd(a: number, b: number, c: number): number }>(
        '@acme/fused-probe',
        PROBE,
      )
      expect(exports.madd(E, E, -1), `${simd}, ${threads} thread(s)`).toBe(expected)
    }
  })
})
