import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type * as TF from '@tensorflow/tfjs'
import { transpose, type CnnInit, type LinearInit } from '../init'
import type { CnnOptions, Library, MemoryProbe, MlpModel, Repeatable } from '../library'
import type { ImplSpec } from '../plan'
import { ADADELTA, SGD, type MlpWorkload } from '../workloads'
import { installWasmThreadShims, withReportedCpus } from './tfjsThreads'

type Tf = typeof TF

interface WasmModule {
  HEAP8?: Int8Array
  wasmMemory?: WebAssembly.Memory
}

/**
 * TensorFlow.js on its pure-JS cpu backend or on tfjs-backend-wasm (XNNPACK, SIMD), with the .wasm
 * files loaded from node_modules; more than one thread is forced on (see tfjsThreads.ts).
 */
export async function loadTfjs(spec: ImplSpec): Promise<Library> {
  const threads = spec.threads ?? 1
  if (spec.backend === 'wasm' && threads > 1) installWasmThreadShims()
  const tf: Tf = await import('@tensorflow/tfjs')
  let note: string | undefined
  let actualThreads = 1
  if (spec.backend === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm')
    const require = createRequire(import.meta.url)
    wasm.setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm')), '/'))
    if (threads > 1) {
      tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true)
      wasm.setThreadsCount(threads)
      await withReportedCpus(threads, () => tf.setBackend('wasm'))
      note = 'threads forced on in Node (threaded-simd binary)'
    } else {
      await tf.setBackend('wasm')
    }
    actualThreads = wasm.getThreadsCount()
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')
    if (!simd) note = [note, 'no SIMD'].filter(Boolean).join('; ')
  } else {
    await tf.setBackend(spec.backend)
  }
  await tf.ready()
  if (tf.getBackend() !== spec.backend)
    throw new Error(`bench: tfjs runs on '${tf.getBackend()}', not '${spec.backend}'`)
  if (actualThreads !== threads)
    throw new Error(`bench: tfjs wasm uses ${actualThreads} threads, not the ${threads} asked for`)
  return tfjsLibrary(tf, spec, actualThreads, note)
}

/** TensorFlow.js on its current backend as the driver sees it; Node and the page share it. */
export function tfjsLibrary(
  tf: Tf,
  spec: ImplSpec,
  threads: number,
  note: string | undefined,
): Library {
  return {
    threads,
    version: tf.version.tfjs,
    note,
    mlp: (workload, init) =>
      spec.variant === 'explicit' ? explicitMlp(tf, workload, init) : plainMlp(tf, workload, init),
    cnn: (init) => tfjsCnn(tf, init, spec.variant === 'explicit' ? explicitConv2d(tf) : tf.conv2d),
    conv(workload, xv, wv): Repeatable {
      const { batch, inChannels, size, outChannels, kernel } = workload
      // tfjs's layouts: NHWC input, [kh, kw, in, out] filter (the same values, reordered).
      const x = tf.tensor4d(xv, [batch, inChannels, size, size]).transpose([0, 2, 3, 1])
      const w = tf
        .tensor4d(wv, [outChannels, inChannels, kernel, kernel])
        .transpose([2, 3, 1, 0]) as TF.Tensor4D
      const conv2d = spec.variant === 'explicit' ? explicitConv2d(tf) : tf.conv2d
      const grads = tf.grads((a: TF.Tensor, b: TF.Tensor) =>
        tf.sum(conv2d(a as TF.Tensor4D, b as TF.Tensor4D, 1, 'valid')),
      )
      return {
        run() {
          tf.tidy(() => {
            const [dx, dw] = grads([x, w])
            dx.dataSync()
            dw.dataSync()
          })
        },
        dispose() {
          x.dispose()
          w.dispose()
        },
      }
    },
    matmul(n, av, bv): Repeatable {
      const a = tf.tensor2d(av, [n, n])
      const b = tf.tensor2d(bv, [n, n])
      return {
        run() {
          const c = tf.matMul(a, b)
          c.dataSync()
          c.dispose()
        },
        dispose() {
          a.dispose()
          b.dispose()
        },
      }
    },
    overhead(ops, xv, wv): Repeatable {
      const x = tf.tensor1d(xv)
      const w = tf.tensor1d(wv)
      const chain = (input: TF.Tensor): TF.Tensor => {
        let y = input
        for (let i = 0; i < ops; i++) {
          const k = i % 4
          y =
            k === 0
              ? tf.mul(y, w)
              : k === 1
                ? tf.add(y, 0.5)
                : k === 2
                  ? tf.tanh(y)
                  : tf.sub(y, input)
        }
        return tf.sum(y)
      }
      const grad = tf.grad(chain)
      return {
        run() {
          tf.tidy(() => {
            grad(x).dataSync()
          })
        },
        dispose() {
          x.dispose()
          w.dispose()
        },
      }
    },
    memory(): MemoryProbe {
      const wasm =
        spec.backend === 'wasm'
          ? (tf.backend() as unknown as { wasm?: WasmModule }).wasm
          : undefined
      const heap = wasm?.wasmMemory?.buffer.byteLength ?? wasm?.HEAP8?.buffer.byteLength ?? null
      return {
        tensorBytes: tf.memory().numBytes,
        wasmHeapBytes: heap,
        gpuBytes: null,
        details: { tensors: tf.memory().numTensors },
      }
    },
  }
}

interface Layer {
  w: TF.Variable
  b: TF.Variable
}

/** Weights as tfjs users store them, `[in, out]` (x @ W), from the shared PyTorch init. */
function layersFrom(tf: Tf, workload: MlpWorkload, init: LinearInit): Layer[] {
  const { sizes } = workload
  return init.weights.map((w, i) => ({
    w: tf.variable(tf.tensor2d(transpose(w, sizes[i + 1], sizes[i]), [sizes[i], sizes[i + 1]])),
    b: tf.variable(tf.tensor1d(init.biases[i])),
  }))
}

function forwardLayers(tf: Tf, layers: readonly Layer[], x: TF.Tensor2D): TF.Tensor2D {
  let h = x
  layers.forEach(({ w, b }, i) => {
    h = tf.add(tf.matMul(h, w), b)
    if (i + 1 < layers.length) h = tf.relu(h)
  })
  return h
}

function countCorrect(
  tf: Tf,
  layers: readonly Layer[],
  xv: Float32Array,
  yv: Int32Array,
  n: number,
  features: number,
): number {
  return tf
    .tidy(() => {
      const logits = forwardLayers(tf, layers, tf.tensor2d(xv, [n, features]))
      return tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), tf.tensor1d(yv, 'int32')), 'float32'))
    })
    .dataSync()[0]
}

function readAndDispose(t: TF.Tensor): number {
  const v = t.dataSync()[0]
  t.dispose()
  return v
}

/** As most users write it: autograd through `optimizer.minimize`, tfjs's Nesterov momentum SGD. */
function plainMlp(tf: Tf, workload: MlpWorkload, init: LinearInit): MlpModel {
  const layers = layersFrom(tf, workload, init)
  const vars = layers.flatMap((l) => [l.w, l.b])
  const optimizer = tf.train.momentum(SGD.lr, SGD.momentum, SGD.nesterov)
  const features = workload.sizes[0]
  const classes = workload.sizes[workload.sizes.length - 1]
  return {
    step(xv, yv, n) {
      const loss = tf.tidy(() => {
        const x = tf.tensor2d(xv, [n, features])
        const y = tf.oneHot(tf.tensor1d(yv, 'int32'), classes)
        return optimizer.minimize(
          () => tf.losses.softmaxCrossEntropy(y, forwardLayers(tf, layers, x)),
          true,
          vars,
        )!
      })
      return readAndDispose(loss)
    },
    correct: (xv, yv, n) => countCorrect(tf, layers, xv, yv, n, features),
  }
}

/**
 * Gradients written by hand so that every product is a plain `tf.matMul(a, b)` on explicitly
 * transposed operands (XNNPACK's fast path; tfjs-wasm's transposed products are 10-20× slower), and
 * PyTorch's Nesterov update written out: buf = m·buf + g; p -= lr·(g + m·buf).
 */
function explicitMlp(tf: Tf, workload: MlpWorkload, init: LinearInit): MlpModel {
  const layers = layersFrom(tf, workload, init)
  const buffers = layers.map((l) => ({
    w: tf.variable(tf.zerosLike(l.w)),
    b: tf.variable(tf.zerosLike(l.b)),
  }))
  const features = workload.sizes[0]
  const classes = workload.sizes[workload.sizes.length - 1]
  const { lr, momentum } = SGD

  const update = (p: TF.Variable, g: TF.Tensor, buf: TF.Variable): void => {
    const next = tf.add(tf.mul(buf, momentum), g)
    buf.assign(next)
    p.assign(tf.sub(p, tf.mul(tf.add(g, tf.mul(next, momentum)), lr)))
  }

  return {
    step(xv, yv, n) {
      const loss = tf.tidy(() => {
        const x = tf.tensor2d(xv, [n, features])
        const y = tf.oneHot(tf.tensor1d(yv, 'int32'), classes)
        const inputs: TF.Tensor2D[] = [x]
        const preacts: TF.Tensor2D[] = []
        layers.forEach(({ w, b }, i) => {
          const z = tf.add(tf.matMul(inputs[i], w), b) as TF.Tensor2D
          preacts.push(z)
          inputs.push(i + 1 < layers.length ? tf.relu(z) : z)
        })
        const logProbs = tf.logSoftmax(inputs[layers.length])
        const value = tf.div(tf.neg(tf.sum(tf.mul(y, logProbs))), n)
        // d(mean CE)/dlogits = (softmax - onehot) / n
        let dz: TF.Tensor2D = tf.div(tf.sub(tf.exp(logProbs), y), n)
        for (let i = layers.length - 1; i >= 0; i--) {
          const gw = tf.matMul(tf.transpose(inputs[i]), dz)
          const gb = tf.sum(dz, 0)
          // dx = dz @ Wᵀ, through ReLU' (1 where the pre-activation > 0); uses W before its update
          if (i > 0) dz = tf.mul(tf.matMul(dz, tf.transpose(layers[i].w)), tf.step(preacts[i - 1]))
          update(layers[i].w, gw, buffers[i].w)
          update(layers[i].b, gb, buffers[i].b)
        }
        return value
      })
      return readAndDispose(loss)
    },
    correct: (xv, yv, n) => countCorrect(tf, layers, xv, yv, n, features),
  }
}

/** PyTorch's `[out, in, kh, kw]` filter as tfjs's `[kh, kw, in, out]`. */
function filterNhwc(values: Float32Array, out: number, inC: number, k: number): Float32Array {
  const res = new Float32Array(values.length)
  for (let o = 0; o < out; o++)
    for (let c = 0; c < inC; c++)
      for (let i = 0; i < k; i++)
        for (let j = 0; j < k; j++)
          res[((i * k + j) * inC + c) * out + o] = values[((o * inC + c) * k + i) * k + j]
  return res
}

/**
 * PyTorch's fc1 weight `[128, 64·12·12]` (input flattened as c, h, w) as tfjs's `[12·12·64, 128]`
 * for an NHWC input flattened as h, w, c: the same function of the same activations.
 */
function fc1Nhwc(values: Float32Array): Float32Array {
  const res = new Float32Array(values.length)
  for (let o = 0; o < 128; o++)
    for (let c = 0; c < 64; c++)
      for (let p = 0; p < 144; p++) res[(p * 64 + c) * 128 + o] = values[o * 9216 + c * 144 + p]
  return res
}

/** A stride-1 'valid' convolution of an NHWC input by a `[kh, kw, in, out]` filter. */
export type Conv2d = (x: TF.Tensor4D, w: TF.Tensor4D, stride: 1, pad: 'valid') => TF.Tensor4D

/**
 * A stride-1 'valid' `tf.conv2d` whose gradients are convolutions too, so every product runs on
 * tfjs-wasm's XNNPACK Conv2D: tfjs-wasm registers no Conv2DBackpropFilter kernel (a CNN cannot
 * train there as users write it), and its Conv2DBackpropInput is a plain loop. dx is the
 * convolution of the fully padded dy with the flipped filter (in and out swapped); dw is the
 * convolution of x with dy taken as the filter, batch and channels swapped on both.
 */
export function explicitConv2d(tf: Tf): Conv2d {
  const conv = tf.customGrad((...args: unknown[]) => {
    const [x, w, save] = args as [TF.Tensor4D, TF.Tensor4D, (ts: TF.Tensor[]) => void]
    save([x, w])
    return {
      value: tf.conv2d(x, w, 1, 'valid'),
      gradFunc: (dy: TF.Tensor, saved: TF.Tensor[]) => {
        const [xs, ws] = saved as [TF.Tensor4D, TF.Tensor4D]
        const [kh, kw] = ws.shape
        const padded = tf.pad(dy as TF.Tensor4D, [
          [0, 0],
          [kh - 1, kh - 1],
          [kw - 1, kw - 1],
          [0, 0],
        ])
        const flipped = tf.transpose(tf.reverse(ws, [0, 1]), [0, 1, 3, 2]) as TF.Tensor4D
        const dx = tf.conv2d(padded, flipped, 1, 'valid')
        const xT = tf.transpose(xs, [3, 1, 2, 0]) as TF.Tensor4D
        const dyT = tf.transpose(dy, [1, 2, 0, 3]) as TF.Tensor4D
        const dw = tf.transpose(tf.conv2d(xT, dyT, 1, 'valid'), [1, 2, 0, 3])
        return [dx, dw]
      },
    }
  }) as unknown as (x: TF.Tensor4D, w: TF.Tensor4D) => TF.Tensor4D
  // customGrad takes tensors only: the stride and padding are this wrapper's.
  return (x, w) => conv(x, w)
}

/**
 * PyTorch's Adadelta (`torch.optim.Adadelta`, no weight decay) written out:
 * sq = ρ·sq + (1-ρ)·g²; δ = √(acc + ε) / √(sq + ε) · g; acc = ρ·acc + (1-ρ)·δ²; p -= lr·δ.
 * tfjs's `tf.train.adadelta` divides by the root of the squared-gradient average from before
 * this step's gradient is added in: its first step is the raw gradient times lr (1.0 here), and
 * the CNN diverges to NaN within a few hundred steps.
 */
function pytorchAdadelta(tf: Tf, vars: readonly TF.Variable[]): (grads: TF.Tensor[]) => void {
  const { lr, rho, eps } = ADADELTA
  const state = vars.map((v) => ({
    sq: tf.variable(tf.zerosLike(v)),
    acc: tf.variable(tf.zerosLike(v)),
  }))
  return (grads) =>
    vars.forEach((p, i) => {
      const { sq, acc } = state[i]
      const g = grads[i]
      const sqNext = tf.add(tf.mul(sq, rho), tf.mul(tf.square(g), 1 - rho))
      const delta = tf.mul(tf.div(tf.sqrt(tf.add(acc, eps)), tf.sqrt(tf.add(sqNext, eps))), g)
      sq.assign(sqNext)
      acc.assign(tf.add(tf.mul(acc, rho), tf.mul(tf.square(delta), 1 - rho)))
      p.assign(tf.sub(p, tf.mul(delta, lr)))
    })
}

/**
 * The examples/mnist CNN as tfjs users write it: NHWC, `tf.conv2d` (or `explicitConv2d`),
 * `tf.variableGrads`, and PyTorch's Adadelta update (see `pytorchAdadelta`).
 */
export function tfjsCnn(tf: Tf, init: CnnInit, conv2d: Conv2d, options: CnnOptions = {}): MlpModel {
  const dropout = options.dropout ?? true
  const v = tf.variable.bind(tf)
  const c1w = v(tf.tensor4d(filterNhwc(init.conv1.w, 32, 1, 3), [3, 3, 1, 32]))
  const c1b = v(tf.tensor1d(init.conv1.b))
  const c2w = v(tf.tensor4d(filterNhwc(init.conv2.w, 64, 32, 3), [3, 3, 32, 64]))
  const c2b = v(tf.tensor1d(init.conv2.b))
  const f1w = v(tf.tensor2d(fc1Nhwc(init.fc1.w), [9216, 128]))
  const f1b = v(tf.tensor1d(init.fc1.b))
  const f2w = v(tf.tensor2d(transpose(init.fc2.w, 10, 128), [128, 10]))
  const f2b = v(tf.tensor1d(init.fc2.b))
  const vars = [c1w, c1b, c2w, c2b, f1w, f1b, f2w, f2b]
  const update = pytorchAdadelta(tf, vars)
  const forward = (x: TF.Tensor4D, training: boolean): TF.Tensor2D => {
    let h = tf.relu(tf.add(conv2d(x, c1w as TF.Tensor4D, 1, 'valid'), c1b)) as TF.Tensor4D
    h = tf.relu(tf.add(conv2d(h, c2w as TF.Tensor4D, 1, 'valid'), c2b)) as TF.Tensor4D
    let f: TF.Tensor2D = tf.reshape(tf.maxPool(h, 2, 2, 'valid'), [-1, 9216])
    if (training && dropout) f = tf.dropout(f, 0.25) as TF.Tensor2D
    f = tf.relu(tf.add(tf.matMul(f, f1w), f1b)) as TF.Tensor2D
    if (training && dropout) f = tf.dropout(f, 0.5) as TF.Tensor2D
    return tf.add(tf.matMul(f, f2w), f2b)
  }
  const images = (xv: Float32Array, n: number) => tf.tensor4d(xv, [n, 28, 28, 1])
  return {
    step(xv, yv, n) {
      const loss = tf.tidy(() => {
        const x = images(xv, n)
        const y = tf.oneHot(tf.tensor1d(yv, 'int32'), 10)
        const { value, grads } = tf.variableGrads(
          () => tf.losses.softmaxCrossEntropy(y, forward(x, true)) as TF.Scalar,
          vars,
        )
        update(vars.map((p) => grads[p.name]))
        return value
      })
      return readAndDispose(loss)
    },
    correct(xv, yv, n) {
      return tf
        .tidy(() => {
          const logits = forward(images(xv, n), false)
          return tf.sum(
            tf.cast(tf.equal(tf.argMax(logits, 1), tf.tensor1d(yv, 'int32')), 'float32'),
          )
        })
        .dataSync()[0]
    },
  }
}
