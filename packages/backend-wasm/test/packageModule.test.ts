/**
 * A package's own WASM module on the backend's memory (WasmKernelApi.instantiate): its static
 * data lands in a block the allocator reserved, every address in its code and data follows it,
 * and nothing the backend owns is overwritten; modules that could write outside their block
 * are refused, at build time and at instantiation, naming the package.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import asc from 'assemblyscript/asc'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Backend } from '@othergrad/core/backend'
import { kernelFamilies } from '@othergrad/test-utils/kernels'
import { buildPackageModule } from '../scripts/buildPackageModule.mjs'
import { wasmBackend, type WasmKernelApi } from '../src/index'

const assembly = fileURLToPath(new URL('../assembly/test', import.meta.url))
const out = mkdtempSync(join(tmpdir(), 'othergrad-wasm-'))

interface ProbeExports {
  expAll(x: number, out: number, n: number): void
  table(i: number): number
  arrayItem(i: number): number
  bump(): number
  staticAddresses(out: number): void
  check(n: number): number
}

type Builds = { plain: Uint8Array; shared: Uint8Array }

async function build(source: string, flags: string[] = []): Promise<Builds> {
  const builds = await buildPackageModule({
    asc,
    root: assembly,
    entry: source,
    out: join(out, `${source}.generated.ts`),
    exportName: 'PROBE',
    flags: ['--optimizeLevel', '3', '--noAssert', ...flags],
    force: true,
  })
  return builds!
}

/** A module compiled by asc alone: static data at fixed addresses, no link step. */
async function rawModule(args: string[]): Promise<Uint8Array> {
  let binary: Uint8Array | undefined
  const { error } = await asc.main(
    ['probe.ts', '--baseDir', assembly, '--runtime', 'stub', '--outFile', 'raw.wasm', ...args],
    {
      writeFile: (name: string, contents: Uint8Array | string) => {
        if (name.endsWith('raw.wasm')) binary = contents as Uint8Array
      },
    },
  )
  if (error) throw error
  return binary!
}

let probe: Builds
let single: Backend
let threaded: Backend

beforeAll(async () => {
  probe = await build('probe.ts')
  single = wasmBackend({ name: 'wasm-modules' })
  threaded = wasmBackend({ threads: 2, name: 'wasm-modules-threads' })
  await Promise.all([single.init!(), threaded.init!()])
}, 120_000)

const api = (b: Backend): WasmKernelApi => b.kernelApi as WasmKernelApi

describe.each([
  ['one thread (plain memory)', () => single],
  ['two threads (shared memory)', () => threaded],
])('a package module on %s', (_, backend) => {
  it('runs with its static data in a block the allocator reserved', async () => {
    const b = backend()
    const wasm = api(b)
    // Tensors first: the module's data must go around them, not over them.
    const before = Float64Array.from({ length: 4096 }, (_, i) => Math.sin(i))
    const keep = b.write(before, 'float64')
    const { exports, staticBase, staticBytes } = await wasm.instantiate<ProbeExports>(
      '@acme/op-probe',
      { ...probe },
    )
    expect(staticBase % 64).toBe(0)
    expect(staticBytes).toBeGreaterThan(2048) // Math.exp's table is 2 KiB
    const addresses = wasm.allocBytes(16)
    exports.staticAddresses(addresses)
    const [table, counter, array, heapBase] = wasm.view('int32', addresses, 4)
    for (const address of [table, counter, array]) {
      expect(address).toBeGreaterThanOrEqual(staticBase)
      expect(address).toBeLessThan(staticBase + staticBytes)
    }
    // __heap_base: the end of the static data, which the block covers.
    expect(heapBase).toBeGreaterThan(Math.max(table, counter, array))
    expect(heapBase).toBeLessThanOrEqual(staticBase + staticBytes)
    expect([0, 1, 2, 3].map((i) => exports.table(i))).toEqual([0.5, 1.5, 2.5, 3.5])
    // The array's header points at its buffer: a pointer inside the static data, moved too.
    expect([0, 1, 2].map((i) => exports.arrayItem(i))).toEqual([10, 20, 30])

    const xs = [-700, -1, 0, 0.5, 1, 10, 709]
    const x = wasm.alloc('float64', xs.length)
    const y = wasm.alloc('float64', xs.length)
    wasm.view('float64', x.ptr, xs.length).set(xs)
    exports.expAll(x.ptr, y.ptr, xs.length)
    const ys = wasm.view('float64', y.ptr, xs.length)
    xs.forEach((v, i) => expect(ys[i]).toBeCloseTo(Math.exp(v), 12 - Math.log10(Math.exp(v))))
    expect(b.readSync!(keep, 'float64', before.length)).toEqual(before)
    // The backend's own module (whose exp has tables of its own) is untouched.
    const z = kernelFamilies(b).unary('exp', {
      storage: b.write(Float32Array.from([0, 1, 2]), 'float32'),
      shape: [3],
      dtype: 'float32',
    })
    const e = b.readSync!(z, 'float32', 3)
    ;[1, Math.E, Math.E ** 2].forEach((v, i) => expect(e[i]).toBeCloseTo(v, 5))
    wasm.free(addresses)
  })

  it('gives each builds object one instance, with a block of its own', async () => {
    const wasm = api(backend())
    const [same, again] = await Promise.all([
      wasm.instantiate<ProbeExports>('@acme/op-probe', probe),
      wasm.instantiate<ProbeExports>('@acme/op-probe', probe),
    ])
    expect(again).toBe(same)
    // Other builds objects (another package's, or a copy) get instances of their own.
    const one = await wasm.instantiate<ProbeExports>('@acme/op-probe', { ...probe })
    const two = await wasm.instantiate<ProbeExports>('@acme/op-probe', { ...probe })
    expect(
      two.staticBase >= one.staticBase + one.staticBytes ||
        two.staticBase + two.staticBytes <= one.staticBase,
    ).toBe(true)
    expect([one.exports.bump(), one.exports.bump(), two.exports.bump()]).toEqual([1, 2, 1])
  })

  it("names the package when the module aborts, with AssemblyScript's message", async () => {
    const wasm = api(backend())
    const { exports } = await wasm.instantiate<ProbeExports>('@acme/op-probe', probe)
    expect(exports.check(3)).toBe(3)
    expect(() => exports.check(-1)).toThrow(
      "wasm: the module of '@acme/op-probe' aborted: n must not be negative (probe.ts:47:3)",
    )
  })

  it('refuses the build for the other kind of memory', async () => {
    const wasm = api(backend())
    const swapped = { plain: probe.shared, shared: probe.plain }
    await expect(wasm.instantiate('@acme/op-probe', swapped)).rejects.toThrow(
      /the module of '@acme\/op-probe' given as its (plain|shared) build imports a (shared|plain) memory/,
    )
  })
})

describe('modules that could write outside their block', () => {
  it('refuses static data at fixed addresses, naming the package and the fix', async () => {
    const raw = await rawModule(['--importMemory', '--noAssert'])
    await expect(api(single).instantiate('@acme/raw', { plain: raw, shared: raw })).rejects.toThrow(
      "wasm: the module of '@acme/raw' has static data at fixed addresses, which would overwrite the backend's own data and tensors; build it with buildPackageModule from '@othergrad/backend-wasm/build'",
    )
  })

  it('refuses a module with its own memory', async () => {
    const raw = await rawModule([])
    await expect(api(single).instantiate('@acme/raw', { plain: raw, shared: raw })).rejects.toThrow(
      "wasm: the module of '@acme/raw' defines its own memory",
    )
  })

  it('refuses to link a module that allocates or hides an address', async () => {
    await expect(build('allocates.ts')).rejects.toThrow(
      /allocates\.ts \(plain memory\) cannot be a package module: it has a start function/,
    )
    await expect(build('hidesAddress.ts')).rejects.toThrow(
      /hidesAddress\.ts \(plain memory\) cannot be a package module: function \d+: .* differs between the builds/,
    )
  })

  it('refuses bytes that are not a module', async () => {
    await expect(
      api(single).instantiate('@acme/junk', { plain: 'AAAA', shared: 'AAAA' }),
    ).rejects.toThrow("wasm: the module of '@acme/junk' is not a WebAssembly module")
  })
})

interface UnitExports {
  fillUnit(index: number, args: number, thread: number): void
  phasedUnit(index: number, args: number, thread: number): void
  failUnit(index: number, args: number, thread: number): void
}

describe("a package module's units on the thread pool", () => {
  const UNITS = 64

  async function fill(b: Backend): Promise<{ values: number[]; threads: number[] }> {
    const wasm = api(b)
    const module = await wasm.instantiate<UnitExports>('@acme/op-probe', probe)
    const out = wasm.alloc('float64', UNITS)
    const threads = wasm.alloc('int32', UNITS)
    const args = wasm.allocBytes(32)
    wasm.view('int32', args, 3).set([out.ptr, threads.ptr, 200_000])
    module.run('fillUnit', UNITS, args)
    wasm.free(args)
    return {
      values: Array.from(b.readSync!(out.storage, 'float64', UNITS)),
      threads: Array.from(b.readSync!(threads.storage, 'int32', UNITS)),
    }
  }

  it('runs every unit once, on the workers too, with the bits of one thread', async () => {
    expect(api(threaded).threads).toBe(2)
    expect(api(single).threads).toBe(1)
    const one = await fill(single)
    one.values.forEach((v, i) => expect(Math.abs(v / Math.exp(i / 8) - 1)).toBeLessThan(1e-15))
    expect(new Set(one.threads)).toEqual(new Set([0]))
    const jobsBefore = threaded.memory().threadedUnitJobs
    const workerBefore = threaded.memory().workerUnits
    let two = await fill(threaded)
    // A worker asleep on a busy machine may miss a job: the caller then runs every unit.
    for (let i = 0; i < 10 && threaded.memory().workerUnits === workerBefore; i++) {
      two = await fill(threaded)
    }
    expect(two.values).toEqual(one.values)
    expect(threaded.memory().threadedUnitJobs).toBeGreaterThan(jobsBefore)
    expect(threaded.memory().workerUnits).toBeGreaterThan(workerBefore)
    expect(two.threads.every((t) => t === 0 || t === 1)).toBe(true)
  })

  it('starts a phase only once the earlier phases have finished', async () => {
    for (const b of [single, threaded]) {
      const wasm = api(b)
      const module = await wasm.instantiate<UnitExports>('@acme/op-probe', probe)
      const n = 8
      const a = wasm.alloc('int32', n)
      const sums = wasm.alloc('int32', n)
      const args = wasm.allocBytes(16)
      for (let round = 0; round < 5; round++) {
        wasm.view('int32', a.ptr, n).fill(0)
        wasm.view('int32', args, 3).set([n, a.ptr, sums.ptr])
        module.run('phasedUnit', 2 * n, args, { phaseUnits: n })
        expect(Array.from(b.readSync!(sums.storage, 'int32', n))).toEqual(Array(n).fill(36))
      }
      wasm.free(args)
    }
  })

  it('names the unit that failed, on the caller or a worker, and keeps working', async () => {
    for (const b of [single, threaded]) {
      const wasm = api(b)
      const module = await wasm.instantiate<UnitExports>('@acme/op-probe', probe)
      const args = wasm.allocBytes(4)
      for (const bad of [0, 37]) {
        wasm.view('int32', args, 1)[0] = bad
        expect(() => module.run('failUnit', UNITS, args)).toThrow(
          new RegExp(
            `wasm: unit ${bad} of 'failUnit' in the module of '@acme/op-probe' failed( on a worker thread)?: unreachable`,
          ),
        )
      }
      wasm.view('int32', args, 1)[0] = -1
      module.run('failUnit', UNITS, args)
      wasm.free(args)
      expect((await fill(b)).values[5]).toBeCloseTo(Math.exp(5 / 8), 14)
    }
  })

  it('refuses an export it does not have and a bad unit count', async () => {
    const module = await api(threaded).instantiate<UnitExports>('@acme/op-probe', probe)
    expect(() => module.run('fillUnits' as 'fillUnit', 4, 0)).toThrow(
      /wasm: the module of '@acme\/op-probe' exports no function 'fillUnits' to run as units \(it exports .*fillUnit/,
    )
    expect(() => module.run('fillUnit', 2.5, 0)).toThrow(
      'wasm: units must be a non-negative integer, got 2.5',
    )
  })
})
