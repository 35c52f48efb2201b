/** Command-line options of `pnpm bench`. */
export interface BenchArgs {
  /** `quick` caps each MLP measurement at `budgetSeconds` of training; `full` runs whole epochs. */
  mode: 'quick' | 'full'
  budgetSeconds: number
  /** Workload name prefixes (`matmul` matches every matmul-N); empty means all. */
  only: string[]
  /** Implementation id prefixes (`tfjs-wasm`, `othergrad-cpu`); empty means all. */
  impl: string[]
  /** Thread counts to ask othergrad backends for (`{ threads }` factory option); null: default. */
  threads: number[] | null
  /** Import workspace packages through the `source` export condition instead of their dist/. */
  source: boolean
  /** Build the discovered backend packages with turbo before running. */
  build: boolean
  list: boolean
  help: boolean
  out: string | null
  /** A child process running longer is killed and its measurement reported as an error. */
  timeoutSeconds: number | null
  /** Run the workloads in headless Chromium (a cross-origin isolated page) instead of Node. */
  browser: boolean
  /** backend-wasm kernel variants to ask for (`{ simd }`), in Node and the browser; null: both. */
  simd: SimdVariant[] | null
  /** With `browser`: add backend-webgpu rows (Chromium with `--enable-unsafe-webgpu`). */
  webgpu: boolean
}

/** backend-wasm's kernel variants: relaxed SIMD (fused multiply-add) or plain SIMD128. */
export type SimdVariant = 'relaxed' | 'simd128'

/** Every kernel variant, in the order rows are planned. */
export const SIMD_VARIANTS: readonly SimdVariant[] = ['simd128', 'relaxed']

export const USAGE = `pnpm bench [-- options]       (or: pnpm --filter @othergrad/bench bench [options])

Runs BENCHMARKS.md's workloads on every othergrad backend in the workspace and on TensorFlow.js
(cpu; wasm SIMD with 1 thread and with threads forced on), one child process per measurement.

  --quick            (default) cap each MLP run at --budget seconds of training; test accuracy
                     is reported only when the epoch finished within it
  --full             whole epochs everywhere (tfjs cpu takes minutes per epoch)
  --budget S         the quick cap, in seconds (default 20)
  --only A,B         workloads whose name starts with A or B (e.g. matmul, mlp-784-512, overhead)
  --impl A,B         implementations whose id starts with A or B (e.g. othergrad, tfjs-wasm)
  --threads 1,2      pass { threads: n } to each othergrad backend factory, one run per n
  --source           run workspace packages from src/ (the 'source' export condition), no build
  --no-build         do not build the discovered backend packages first
  --timeout S        kill a measurement after S seconds (default 600 quick, 3600 full)
  --out FILE         JSON lines file (default tooling/bench/results/latest.jsonl)
  --browser          run in headless Chromium (/usr/bin/chromium, CHROMIUM_PATH overrides) on a
                     cross-origin isolated page: othergrad wasm and TensorFlow.js wasm, one
                     browser per measurement
  --simd A,B         backend-wasm kernel variants to run (relaxed, simd128; default both, side
                     by side; in Node a relaxed row gets --experimental-wasm-relaxed-simd)
  --webgpu           with --browser: add othergrad-webgpu rows (WebGPU on SwiftShader here: a
                     software rasteriser, not a GPU figure)
  --list             print the plan and exit
  --help             this text`

function numberList(flag: string, value: string | undefined): number[] {
  const list = listValue(flag, value).map(Number)
  if (list.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new Error(`bench: ${flag} expects positive integers, got '${value}'`)
  }
  return list
}

function listValue(flag: string, value: string | undefined): string[] {
  if (value === undefined || value.startsWith('--')) throw new Error(`bench: ${flag} needs a value`)
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
}

function simdList(flag: string, value: string | undefined): SimdVariant[] {
  const list = listValue(flag, value)
  const wrong = list.find((v) => !(SIMD_VARIANTS as readonly string[]).includes(v))
  if (wrong !== undefined || list.length === 0) {
    throw new Error(`bench: ${flag} expects ${SIMD_VARIANTS.join(' or ')}, got '${wrong ?? value}'`)
  }
  return [...new Set(list as SimdVariant[])]
}

function positive(flag: string, value: string | undefined): number {
  const n = Number(value)
  if (value === undefined || !Number.isFinite(n) || n <= 0) {
    throw new Error(`bench: ${flag} expects a positive number of seconds, got '${value}'`)
  }
  return n
}

/**
 * Parses the options after the script name; a bare `--` (as pnpm and turbo pass it) is skipped.
 *
 * @example
 * parseArgs(['--only', 'matmul', '--impl', 'tfjs-wasm']).only // ['matmul']
 */
export function parseArgs(argv: readonly string[]): BenchArgs {
  const args: BenchArgs = {
    mode: 'quick',
    budgetSeconds: 20,
    only: [],
    impl: [],
    threads: null,
    source: false,
    build: true,
    list: false,
    help: false,
    out: null,
    timeoutSeconds: null,
    browser: false,
    simd: null,
    webgpu: false,
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    const [flag, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined]
    const value = (): string | undefined => inline ?? argv[++i]
    switch (flag) {
      case '--':
        break
      case '--quick':
        args.mode = 'quick'
        break
      case '--full':
        args.mode = 'full'
        break
      case '--budget':
        args.budgetSeconds = positive(flag, value())
        break
      case '--only':
        args.only.push(...listValue(flag, value()))
        break
      case '--impl':
        args.impl.push(...listValue(flag, value()))
        break
      case '--threads':
        args.threads = numberList(flag, value())
        break
      case '--source':
        args.source = true
        break
      case '--no-build':
        args.build = false
        break
      case '--timeout':
        args.timeoutSeconds = positive(flag, value())
        break
      case '--out':
        args.out = listValue(flag, value())[0]
        break
      case '--list':
        args.list = true
        break
      case '--browser':
        args.browser = true
        break
      case '--webgpu':
        args.webgpu = true
        break
      case '--simd':
        args.simd = simdList(flag, value())
        break
      case '--help':
      case '-h':
        args.help = true
        break
      default:
        throw new Error(`bench: unknown option '${arg}'; see --help`)
    }
  }
  return args
}
