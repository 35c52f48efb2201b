import { grad, randn, tensor, tidy, Tensor, type DType, type TensorLike } from '@othergrad/core'
import { formatShape, isFloating, shapesEqual, type Shape } from '@othergrad/core/backend'
import type { CaseContext, CaseOutput, OpCase, PropertyCase, ThrowsCase } from './case'
import { compareValues, mismatchMessage } from './compare'
import {
  decodeFloat32Values,
  decodeValues,
  type FixtureCase,
  type FixtureFile,
  type FixtureLoader,
  type FixtureTensor,
  type FixtureValue,
} from './fixtures'
import { EXACT, TOLERANCES, type FloatDType, type Tolerance } from './cases/tolerances'

/** What a run needs to know: the backend and dtype under test, and how to load fixtures. */
export interface RunEnv {
  readonly backend: string
  readonly dtype: FloatDType
  load(op: string, loader?: FixtureLoader): Promise<FixtureFile<unknown>>
}

// OP CASES

/** Runs one golden case: outputs, then first-order gradients, then second-order ones if stored. */
export async function runOpCase(c: OpCase, env: RunEnv): Promise<void> {
  const full = `${c.op}/${c.id}`
  const label = `conformance[${env.backend}] ${full} (${env.dtype})`
  const file = await env.load(c.op, c.fixtures)
  const fx = file.cases[full] as FixtureCase | undefined
  if (!fx) {
    throw new Error(
      `${label}: no fixture '${full}' in ${c.op}.json; add case('${c.op}', '${c.id}', ...) to its fixture generator (core's: tooling/fixtures/generate.py) and regenerate`,
    )
  }
  const wantGrads = fx.grads !== undefined

  let backwardError: unknown
  const { inputs, outputs, grads } = tidy(() => {
    const inputs = fx.inputs.map((spec) => makeInput(spec, env))
    const outputs = call(label, c, inputs)
    let grads: (Tensor | null)[] = []
    if (wantGrads) {
      try {
        weightedLoss(label, outputs, fx.outputs, env).backward()
        grads = inputs.map((x) => x.grad)
      } catch (e) {
        backwardError = e
      }
    }
    return { inputs, outputs, grads }
  })
  try {
    if (outputs.length !== fx.outputs.length) {
      throw new Error(
        `${label}: returned ${outputs.length} outputs, PyTorch returns ${fx.outputs.length}`,
      )
    }
    for (let i = 0; i < outputs.length; i++) {
      const pass = outputs.length === 1 ? 'output' : `output ${i}`
      await expectTensor(label, pass, outputs[i], fx.outputs[i], env, 'forward')
    }
    if (backwardError !== undefined) rethrow(label, 'backward', backwardError)
    if (wantGrads) {
      for (let i = 0; i < inputs.length; i++) {
        const expected = fx.grads![i]
        if (expected === null) continue
        const spec = { dtype: fx.inputs[i].dtype, shape: fx.inputs[i].shape, values: expected }
        await expectGradient(label, `grad of input ${i}`, grads[i], spec, env)
      }
    }
  } finally {
    for (const t of [...inputs, ...outputs, ...grads]) t?.dispose()
  }
  if (fx.gradgrad) await runGradgrad(label, c, fx, env)
}

/** Second derivatives: d/dx_j of Σ_i sum(g_i * v_i), with g_i the createGraph gradients. */
async function runGradgrad(label: string, c: OpCase, fx: FixtureCase, env: RunEnv): Promise<void> {
  const gg = fx.gradgrad!
  let failure: unknown
  const { inputs, second } = tidy(() => {
    const inputs = fx.inputs.map((spec) => makeInput(spec, env))
    let second: (Tensor | null)[] = []
    try {
      const outputs = call(label, c, inputs)
      const loss = weightedLoss(label, outputs, fx.outputs, env)
      const slots = inputs
        .map((x, i) => (x.requiresGrad && gg.v[i] !== null ? i : -1))
        .filter((i) => i >= 0)
      const firsts = grad(
        loss,
        slots.map((i) => inputs[i]),
        { createGraph: true, allowUnused: true },
      )
      let total: Tensor | null = null
      for (let k = 0; k < firsts.length; k++) {
        const g = firsts[k]
        if (!g || !g.requiresGrad) continue
        const v = tensor(decodeFloat32Values(gg.v[slots[k]]!), {
          dtype: g.dtype,
          shape: g.shape,
          backend: env.backend,
        })
        const term = g.mul(v).sum()
        total = total ? total.add(term) : term
      }
      const seconds: (Tensor | null)[] = total
        ? grad(
            total,
            slots.map((i) => inputs[i]),
            { allowUnused: true },
          )
        : slots.map(() => null)
      second = inputs.map((_, i) => (slots.includes(i) ? seconds[slots.indexOf(i)] : null))
    } catch (e) {
      failure = e
    }
    return { inputs, second }
  })
  try {
    if (failure !== undefined) rethrow(label, 'second-order backward', failure)
    for (let i = 0; i < inputs.length; i++) {
      const expected = gg.values[i]
      if (expected === null) continue
      const spec = { dtype: fx.inputs[i].dtype, shape: fx.inputs[i].shape, values: expected }
      await expectGradient(label, `gradgrad of input ${i}`, second[i], spec, env, true)
    }
  } finally {
    for (const t of [...inputs, ...second]) t?.dispose()
  }
}

function call(label: string, c: OpCase, inputs: Tensor[]): Tensor[] {
  let raw: CaseOutput
  try {
    raw = c.run(...inputs)
  } catch (e) {
    rethrow(label, 'forward', e)
  }
  if (raw instanceof Tensor) return [raw]
  if (Array.isArray(raw)) return [...(raw as readonly Tensor[])]
  const pair = raw as { values?: Tensor; indices?: Tensor }
  if (pair.values instanceof Tensor && pair.indices instanceof Tensor)
    return [pair.values, pair.indices]
  throw new Error(
    `${label}: the case returned neither a Tensor, an array of Tensors nor { values, indices }`,
  )
}

/** `Σ sum(out_i * w_i)` over the float outputs that carry a weight. */
function weightedLoss(
  label: string,
  outputs: readonly Tensor[],
  specs: readonly FixtureTensor[],
  env: RunEnv,
): Tensor {
  let loss: Tensor | null = null
  for (let i = 0; i < outputs.length; i++) {
    const out = outputs[i]
    const w = specs[i]?.w
    if (!w) continue
    if (!out.requiresGrad) {
      throw new Error(
        `${label}: output ${i} does not require grad, but PyTorch's does (no gradient can flow back to the inputs)`,
      )
    }
    const weight = tensor(decodeFloat32Values(w), {
      dtype: out.dtype,
      shape: out.shape,
      backend: env.backend,
    })
    const term = out.mul(weight).sum()
    loss = loss ? loss.add(term) : term
  }
  if (!loss) throw new Error(`${label}: the fixture has gradients but no output carries a weight`)
  return loss
}

function makeInput(spec: FixtureTensor, env: RunEnv): Tensor {
  const options = { shape: spec.shape, backend: env.backend }
  if (spec.dtype === 'int32')
    return tensor(Int32Array.from(decodeValues(spec.values)), { ...options, dtype: 'int32' })
  // uint8/int8/int16 from their own typed arrays, which keep their type.
  if (spec.dtype === 'uint8') return tensor(Uint8Array.from(decodeValues(spec.values)), options)
  if (spec.dtype === 'int8') return tensor(Int8Array.from(decodeValues(spec.values)), options)
  if (spec.dtype === 'int16') return tensor(Int16Array.from(decodeValues(spec.values)), options)
  if (spec.dtype === 'bool')
    return tensor(Uint8Array.from(decodeValues(spec.values)), { ...options, dtype: 'bool' })
  const dtype = spec.dtype === 'float' ? env.dtype : spec.dtype
  return tensor(decodeFloat32Values(spec.values), {
    ...options,
    dtype,
    requiresGrad: spec.grad !== false,
  })
}

function rethrow(label: string, stage: string, e: unknown): never {
  const message = e instanceof Error ? e.message : String(e)
  if (message.startsWith(label)) throw e // the harness's own message, already labelled
  throw new Error(`${label}: ${stage} threw: ${message}`, { cause: e })
}

// COMPARISON

function expectedDType(spec: { dtype: FixtureTensor['dtype'] }, env: RunEnv): DType {
  return spec.dtype === 'float' ? env.dtype : spec.dtype
}

/** The looser of the tolerances of `dtype` and the dtype under test (float32 wins). */
function toleranceFor(dtype: DType, env: RunEnv, pass: 'forward' | 'grad'): Tolerance {
  if (!isFloating(dtype)) return EXACT
  const loose = dtype === 'float32' || env.dtype === 'float32' ? 'float32' : 'float64'
  return TOLERANCES[loose][pass]
}

async function expectTensor(
  label: string,
  pass: string,
  actual: Tensor,
  spec: { dtype: FixtureTensor['dtype']; shape: number[]; values: FixtureValue[] },
  env: RunEnv,
  kind: 'forward' | 'grad',
): Promise<void> {
  const dtype = expectedDType(spec, env)
  if (!shapesEqual(actual.shape, spec.shape)) {
    throw new Error(
      `${label}: ${pass} has shape ${formatShape(actual.shape)}, PyTorch gives ${formatShape(spec.shape)}`,
    )
  }
  if (actual.dtype !== dtype) {
    throw new Error(
      `${label}: ${pass} (shape ${formatShape(actual.shape)}) has dtype ${actual.dtype}, expected ${dtype}`,
    )
  }
  const tol = toleranceFor(dtype, env, kind)
  const mismatch = compareValues(await actual.data(), decodeValues(spec.values), tol)
  if (mismatch) throw new Error(mismatchMessage(label, pass, actual.shape, mismatch, tol))
}

/** A gradient; a missing one passes only where PyTorch's is all zeros and `zeroIfMissing`. */
async function expectGradient(
  label: string,
  pass: string,
  actual: Tensor | null,
  spec: { dtype: FixtureTensor['dtype']; shape: number[]; values: FixtureValue[] },
  env: RunEnv,
  zeroIfMissing = false,
): Promise<void> {
  if (actual === null) {
    const allZero = decodeValues(spec.values).every((v) => v === 0)
    if (zeroIfMissing && allZero) return
    throw new Error(
      `${label}: ${pass} (shape ${formatShape(spec.shape)}) is missing: no gradient reached the input, PyTorch's is ${allZero ? 'zeros' : 'non-zero'}`,
    )
  }
  await expectTensor(label, pass, actual, spec, env, 'grad')
}

// PROPERTY AND ERROR CASES

/** The helpers a property or error case gets. */
export function makeContext(env: RunEnv): CaseContext {
  return {
    backend: env.backend,
    dtype: env.dtype,
    tensor: (values, options = {}) =>
      tensor(values as TensorLike, {
        dtype: env.dtype,
        backend: env.backend,
        requiresGrad: options.requiresGrad,
      }),
    randn: (shape, options = {}) =>
      randn(shape, { dtype: env.dtype, backend: env.backend, requiresGrad: options.requiresGrad }),
    fixture: async <C>(op: string) => (await env.load(op)) as FixtureFile<C>,
    expectClose: async (actual, expected, pass = 'forward', what = 'value') => {
      const label = `conformance[${env.backend}] (${env.dtype})`
      if (actual === null) throw new Error(`${label}: ${what} is null, expected a tensor`)
      const flat: number[] = []
      const shape = nestedShape(expected)
      flattenInto(expected, flat)
      if (
        !shapesEqual(actual.shape, shape) &&
        !(typeof expected === 'number' && actual.size === 1)
      ) {
        throw new Error(
          `${label}: ${what} has shape ${formatShape(actual.shape)}, expected ${formatShape(shape)}`,
        )
      }
      const tol = toleranceFor(actual.dtype, env, pass)
      const mismatch = compareValues(await actual.data(), flat, tol)
      if (mismatch) throw new Error(mismatchMessage(label, what, actual.shape, mismatch, tol))
    },
  }
}

function nestedShape(value: unknown): Shape {
  const shape: number[] = []
  let level = value
  while (Array.isArray(level)) {
    shape.push(level.length)
    level = level[0]
  }
  return shape
}

function flattenInto(value: unknown, out: number[]): void {
  if (Array.isArray(value)) for (const v of value) flattenInto(v, out)
  else out.push(Number(value))
}

export async function runPropertyCase(c: PropertyCase, env: RunEnv): Promise<void> {
  await c.run(makeContext(env))
}

export async function runThrowsCase(c: ThrowsCase, env: RunEnv): Promise<void> {
  const label = `conformance[${env.backend}] ${c.op}: ${c.name} (${env.dtype})`
  let thrown: unknown
  try {
    tidy(() => {
      c.run(makeContext(env))
    })
  } catch (e) {
    thrown = e
  }
  if (thrown === undefined)
    throw new Error(`${label}: expected an error (PyTorch raises), but nothing was thrown`)
  if (!(thrown instanceof Error))
    throw new Error(`${label}: expected an Error, got ${String(thrown)}`)
  if (!thrown.message.startsWith(`${c.op}:`)) {
    throw new Error(
      `${label}: the error message should start with '${c.op}:', got '${thrown.message}'`,
    )
  }
  if (c.message && !c.message.test(thrown.message)) {
    throw new Error(`${label}: the error message '${thrown.message}' does not match ${c.message}`)
  }
}
