import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type * as TF from '@tensorflow/tfjs'
import { transpose, type LinearInit } from '../init'
import type { Library, MemoryProbe, MlpModel, Repeatable } from '../library'
import type { ImplSpec } from '../plan'
import { SGD, type MlpWorkload } from '../workloads'
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

function tfjsLibrary(tf: Tf, spec: ImplSpec, threads: number, note: string | undefined): Library {
  return {
    threads,
    version: tf.version.tfjs,
    note,
    mlp: (workload, init) =>
      spec.variant === 'explicit' ? explicitMlp(tf, workload, init) : plainMlp(tf, workload, init),
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
