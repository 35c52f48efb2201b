/**
 * The fused optimizer steps (assembly/kernels/optimStep.ts) against PyTorch's update rules
 * written out in float64, over three steps, on one thread and split across two (which must
 * give the same bits: every element is updated by exactly one thread, in the same way).
 */
import { beforeAll, describe, expect, it } from 'vitest'
import type {
  AdamStepAttrs,
  Backend,
  DType,
  SgdStepAttrs,
  TensorInfo,
} from '@othergrad/core/backend'
import { wasmBackend } from '../src/index'
import { kernelFamilies } from '@othergrad/test-utils/kernels'

let single: Backend
let threaded: Backend

beforeAll(async () => {
  single = wasmBackend()
  threaded = wasmBackend({ threads: 2, name: 'wasm-threads' })
  await Promise.all([single.init!(), threaded.init!()])
})

function values(size: number, seed: number): number[] {
  let s = seed * 2654435761
  return Array.from({ length: size }, () => {
    s = (s * 1103515245 + 12345) >>> 0
    return (s / 2 ** 32) * 4 - 2
  })
}

function put(b: Backend, data: number[], dtype: DType): TensorInfo {
  const array = dtype === 'float32' ? Float32Array.from(data) : Float64Array.from(data)
  return { storage: b.write(array, dtype), shape: [data.length], dtype }
}

function read(b: Backend, t: TensorInfo): number[] {
  return Array.from(b.readSync!(t.storage, t.dtype, t.shape[0]))
}

function expectClose(got: number[], want: number[], dtype: DType): void {
  const tol = dtype === 'float32' ? 1e-5 : 1e-12
  for (let i = 0; i < want.length; i++) {
    if (!(Math.abs(got[i] - want[i]) <= tol * (1 + Math.abs(want[i])))) {
      expect.fail(`element ${i}: got ${got[i]}, expected ${want[i]}`)
    }
  }
}

/** PyTorch's single-tensor SGD on one element. */
function sgdRef(p: number, g: number, buf: number, a: SgdStepAttrs): [number, number] {
  let d = a.maximize ? -g : g
  d += a.weightDecay * p
  if (a.momentum === 0) return [p - a.lr * d, buf]
  const b = a.firstStep ? d : a.momentum * buf + (1 - a.dampening) * d
  d = a.nesterov ? d + a.momentum * b : b
  return [p - a.lr * d, b]
}

/** PyTorch's single-tensor Adam / AdamW on one element: [param, m, v, vmax]. */
function adamRef(s: number[], g: number, a: AdamStepAttrs): number[] {
  let [p, m, v, vmax] = s
  if (a.decoupledWeightDecay) p *= 1 - a.lr * a.weightDecay
  g = a.maximize ? -g : g
  if (!a.decoupledWeightDecay) g += a.weightDecay * p
  m = a.beta1 * m + (1 - a.beta1) * g
  v = a.beta2 * v + (1 - a.beta2) * g * g
  vmax = Math.max(vmax, v)
  const second = a.amsgrad ? vmax : v
  const denom = Math.sqrt(second) / Math.sqrt(1 - a.beta2 ** a.step) + a.eps
  p -= ((a.lr / (1 - a.beta1 ** a.step)) * m) / denom
  return [p, m, v, vmax]
}

const SIZES = [37, 70_001]
const DTYPES: DType[] = ['float32', 'float64']

describe('sgdStep', () => {
  const settings: Omit<SgdStepAttrs, 'firstStep'>[] = [
    { lr: 0.1, momentum: 0.9, dampening: 0, weightDecay: 0.01, nesterov: true, maximize: false },
    { lr: 0.05, momentum: 0.8, dampening: 0.3, weightDecay: 0, nesterov: false, maximize: true },
    { lr: 0.2, momentum: 0, dampening: 0, weightDecay: 0.1, nesterov: false, maximize: false },
  ]
  for (const dtype of DTYPES) {
    for (const n of SIZES) {
      it(`follows PyTorch for ${n} ${dtype} elements, split or not`, () => {
        for (const base of settings) {
          const results = [single, threaded].map((b) => {
            const param = put(b, values(n, 1), dtype)
            const buf = base.momentum === 0 ? null : put(b, new Array<number>(n).fill(0), dtype)
            for (let step = 0; step < 3; step++) {
              const grad = put(b, values(n, 2 + step), dtype)
              kernelFamilies(b).fused.sgdStep(param, grad, buf, { ...base, firstStep: step === 0 })
            }
            return read(b, param)
          })
          const want = values(n, 1).map((p0) => p0)
          const bufs = new Array<number>(n).fill(0)
          for (let step = 0; step < 3; step++) {
            const grads = values(n, 2 + step)
            for (let i = 0; i < n; i++) {
              ;[want[i], bufs[i]] = sgdRef(want[i], grads[i], bufs[i], {
                ...base,
                firstStep: step === 0,
              })
            }
          }
          expectClose(results[0], want, dtype)
          expect(results[1]).toEqual(results[0])
        }
      })
    }
  }
})

describe('adamStep', () => {
  const settings: Omit<AdamStepAttrs, 'step'>[] = [
    {
      lr: 0.01,
      beta1: 0.9,
      beta2: 0.999,
      eps: 1e-8,
      weightDecay: 0.1,
      amsgrad: true,
      maximize: true,
      decoupledWeightDecay: false,
    },
    {
      lr: 0.02,
      beta1: 0.8,
      beta2: 0.99,
      eps: 1e-6,
      weightDecay: 0.05,
      amsgrad: false,
      maximize: false,
      decoupledWeightDecay: true,
    },
  ]
  for (const dtype of DTYPES) {
    for (const n of SIZES) {
      it(`follows PyTorch for ${n} ${dtype} elements, split or not`, () => {
        for (const base of settings) {
          const results = [single, threaded].map((b) => {
            const zeros = () => put(b, new Array<number>(n).fill(0), dtype)
            const param = put(b, values(n, 1), dtype)
            const [m, v, vmax] = [zeros(), zeros(), zeros()]
            for (let step = 1; step <= 3; step++) {
              const grad = put(b, values(n, 2 + step), dtype)
              kernelFamilies(b).fused.adamStep(param, grad, m, v, base.amsgrad ? vmax : null, {
                ...base,
                step,
              })
            }
            return read(b, param)
          })
          const states = values(n, 1).map((p) => [p, 0, 0, 0])
          for (let step = 1; step <= 3; step++) {
            const grads = values(n, 2 + step)
            for (let i = 0; i < n; i++) states[i] = adamRef(states[i], grads[i], { ...base, step })
          }
          expectClose(
            results[0],
            states.map((s) => s[0]),
            dtype,
          )
          expect(results[1]).toEqual(results[0])
        }
      })
    }
  }

  it('splits large steps across the threads', () => {
    const before = threaded.memory().threadedMaps ?? 0
    const n = 70_001
    const z = () => put(threaded, new Array<number>(n).fill(0), 'float32')
    const attrs: AdamStepAttrs = {
      lr: 0.01,
      beta1: 0.9,
      beta2: 0.999,
      eps: 1e-8,
      weightDecay: 0,
      amsgrad: false,
      maximize: false,
      decoupledWeightDecay: false,
      step: 1,
    }
    kernelFamilies(threaded).fused.adamStep(z(), z(), z(), z(), null, attrs)
    expect(threaded.memory().threadedMaps).toBe(before + 1)
  })
})
