/**
 * Optimizer updates in place over elements `[start, end)`, four float32 lanes at a time, each
 * operation in PyTorch's order and precision (float32 math for float32 tensors, as its
 * single-tensor SGD and Adam do). The scalars arrive in a block of f64 (see src/kernels/optimStep.ts
 * for the layout), so a thread pool can hand each thread its own range of the same update.
 */
import { F32 } from '../simd'

// SGD scalars: lr, momentum, 1 - dampening, weight decay, and flags as numbers.
const SGD_LR = 0
const SGD_MOMENTUM = 1
const SGD_KEEP = 2
const SGD_DECAY = 3
const SGD_MAXIMIZE = 4
const SGD_NESTEROV = 5
const SGD_FIRST = 6
const SGD_HAS_BUF = 7

@inline
function scalar(block: usize, i: i32): f64 {
  return load<f64>(block + ((<usize>i) << 3))
}

/** One SGD step on elements `[start, end)`; `buf` is 0 without momentum. */
export function sgdStep(
  dtype: i32,
  param: usize,
  grad: usize,
  buf: usize,
  block: usize,
  start: i32,
  end: i32,
): void {
  const lr = scalar(block, SGD_LR)
  const momentum = scalar(block, SGD_MOMENTUM)
  const keep = scalar(block, SGD_KEEP)
  const decay = scalar(block, SGD_DECAY)
  const maximize = scalar(block, SGD_MAXIMIZE) != 0
  const nesterov = scalar(block, SGD_NESTEROV) != 0
  const first = scalar(block, SGD_FIRST) != 0
  const withMomentum = scalar(block, SGD_HAS_BUF) != 0 && momentum != 0
  if (dtype == F32) {
    const lrV = f32x4.splat(<f32>-lr)
    const mV = f32x4.splat(<f32>momentum)
    const keepV = f32x4.splat(<f32>keep)
    const decayV = f32x4.splat(<f32>decay)
    const signV = f32x4.splat(maximize ? -1 : 1)
    let i = start
    for (; i + 4 <= end; i += 4) {
      const o = (<usize>i) << 2
      const p = v128.load(param + o)
      let d = f32x4.mul(v128.load(grad + o), signV)
      if (decay != 0) d = f32x4.add(d, f32x4.mul(decayV, p))
      if (withMomentum) {
        let b = d
        if (!first) b = f32x4.add(f32x4.mul(v128.load(buf + o), mV), f32x4.mul(keepV, d))
        v128.store(buf + o, b)
        d = nesterov ? f32x4.add(d, f32x4.mul(mV, b)) : b
      }
      v128.store(param + o, f32x4.add(p, f32x4.mul(lrV, d)))
    }
    for (; i < end; i++) {
      const o = (<usize>i) << 2
      const p = load<f32>(param + o)
      let d = load<f32>(grad + o) * (maximize ? <f32>-1 : <f32>1)
      if (decay != 0) d += <f32>decay * p
      if (withMomentum) {
        const b = first ? d : load<f32>(buf + o) * <f32>momentum + <f32>keep * d
        store<f32>(buf + o, b)
        d = nesterov ? d + <f32>momentum * b : b
      }
      store<f32>(param + o, p + <f32>-lr * d)
    }
    return
  }
  for (let i = start; i < end; i++) {
    const o = (<usize>i) << 3
    const p = load<f64>(param + o)
    let d = maximize ? -load<f64>(grad + o) : load<f64>(grad + o)
    if (decay != 0) d += decay * p
    if (withMomentum) {
      const b = first ? d : load<f64>(buf + o) * momentum + keep * d
      store<f64>(buf + o, b)
      d = nesterov ? d + momentum * b : b
    }
    store<f64>(param + o, p + -lr * d)
  }
}

// Adam scalars: -step size (lr / bias correction 1), sqrt of bias correction 2, betas and their
// complements, eps, L2 weight decay (Adam), the factor AdamW scales the param by, maximize.
const ADAM_NEG_STEP = 0
const ADAM_BC2_SQRT = 1
const ADAM_BETA1 = 2
const ADAM_KEEP1 = 3
const ADAM_BETA2 = 4
const ADAM_KEEP2 = 5
const ADAM_EPS = 6
const ADAM_L2 = 7
const ADAM_SCALE = 8
const ADAM_MAXIMIZE = 9

/**
 * One Adam/AdamW step on elements `[start, end)`; `maxSq` is 0 without AMSGrad. The order is
 * PyTorch's: scale (AdamW), gradient (+ L2), m = β1·m + (1−β1)·g, v = β2·v + ((1−β2)·g)·g,
 * v̂ = max(v̂, v), param += (−step·m) / (sqrt(v̂) / sqrt(bc2) + eps).
 */
export function adamStep(
  dtype: i32,
  param: usize,
  grad: usize,
  expAvg: usize,
  expAvgSq: usize,
  maxSq: usize,
  block: usize,
  start: i32,
  end: i32,
): void {
  const negStep = scalar(block, ADAM_NEG_STEP)
  const bc2Sqrt = scalar(block, ADAM_BC2_SQRT)
  const beta1 = scalar(block, ADAM_BETA1)
  const keep1 = scalar(block, ADAM_KEEP1)
  const beta2 = scalar(block, ADAM_BETA2)
  const keep2 = scalar(block, ADAM_KEEP2)
  const eps = scalar(block, ADAM_EPS)
  const l2 = scalar(block, ADAM_L2)
  const scale = scalar(block, ADAM_SCALE)
  const sign = scalar(block, ADAM_MAXIMIZE) != 0 ? -1.0 : 1.0
  if (dtype == F32) {
    const negStepV = f32x4.splat(<f32>negStep)
    const bc2V = f32x4.splat(<f32>bc2Sqrt)
    const beta1V = f32x4.splat(<f32>beta1)
    const keep1V = f32x4.splat(<f32>keep1)
    const beta2V = f32x4.splat(<f32>beta2)
    const keep2V = f32x4.splat(<f32>keep2)
    const epsV = f32x4.splat(<f32>eps)
    const l2V = f32x4.splat(<f32>l2)
    const scaleV = f32x4.splat(<f32>scale)
    const signV = f32x4.splat(<f32>sign)
    let i = start
    for (; i + 4 <= end; i += 4) {
      const o = (<usize>i) << 2
      let p = v128.load(param + o)
      if (scale != 1) p = f32x4.mul(p, scaleV)
      let g = f32x4.mul(v128.load(grad + o), signV)
      if (l2 != 0) g = f32x4.add(g, f32x4.mul(l2V, p))
      const m = f32x4.add(f32x4.mul(v128.load(expAvg + o), beta1V), f32x4.mul(keep1V, g))
      let sq = f32x4.add(
        f32x4.mul(v128.load(expAvgSq + o), beta2V),
        f32x4.mul(f32x4.mul(keep2V, g), g),
      )
      v128.store(expAvg + o, m)
      v128.store(expAvgSq + o, sq)
      if (maxSq != 0) {
        sq = f32x4.max(v128.load(maxSq + o), sq)
        v128.store(maxSq + o, sq)
      }
      const denom = f32x4.add(f32x4.div(f32x4.sqrt(sq), bc2V), epsV)
      v128.store(param + o, f32x4.add(p, f32x4.div(f32x4.mul(negStepV, m), denom)))
    }
    for (; i < end; i++) {
      const o = (<usize>i) << 2
      let p = load<f32>(param + o)
      if (scale != 1) p *= <f32>scale
      let g = load<f32>(grad + o) * <f32>sign
      if (l2 != 0) g += <f32>l2 * p
      const m = load<f32>(expAvg + o) * <f32>beta1 + <f32>keep1 * g
      let sq = load<f32>(expAvgSq + o) * <f32>beta2 + <f32>keep2 * g * g
      store<f32>(expAvg + o, m)
      store<f32>(expAvgSq + o, sq)
      if (maxSq != 0) {
        sq = max(load<f32>(maxSq + o), sq)
        store<f32>(maxSq + o, sq)
      }
      const denom = Mathf.sqrt(sq) / <f32>bc2Sqrt + <f32>eps
      store<f32>(param + o, p + (<f32>negStep * m) / denom)
    }
    return
  }
  for (let i = start; i < end; i++) {
    const o = (<usize>i) << 3
    let p = load<f64>(param + o)
    if (scale != 1) p *= scale
    let g = load<f64>(grad + o) * sign
    if (l2 != 0) g += l2 * p
    const m = load<f64>(expAvg + o) * beta1 + keep1 * g
    let sq = load<f64>(expAvgSq + o) * beta2 + keep2 * g * g
    store<f64>(expAvg + o, m)
    store<f64>(expAvgSq + o, sq)
    if (maxSq != 0) {
      sq = max(load<f64>(maxSq + o), sq)
      store<f64>(maxSq + o, sq)
    }
    store<f64>(param + o, p + (negStep * m) / (Math.sqrt(sq) / bc2Sqrt + eps))
  }
}
