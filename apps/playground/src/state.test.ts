import { describe, expect, it } from 'vitest'
import type { FromWorker } from './protocol'
import { allowed, initialState, phaseLabel, reduce, type AppEvent, type AppState } from './state'

const ready: FromWorker = {
  type: 'ready',
  capabilities: { crossOriginIsolated: true, maxThreads: 2, webgpu: { available: true } },
  trainImages: 60000,
  testImages: 10000,
}
const worker = (message: FromWorker): AppEvent => ({ type: 'worker', message })
const status = (s: 'idle' | 'training' | 'paused' | 'finished'): AppEvent =>
  worker({ type: 'status', status: s, step: 0, epoch: 0 })
const run = (...events: AppEvent[]): AppState => events.reduce(reduce, initialState)
const enabled = (state: AppState) =>
  Object.entries(allowed(state))
    .filter(([, on]) => on)
    .map(([name]) => name)

describe('the page state', () => {
  it('allows nothing until the digits are loaded, then start, switch and load', () => {
    expect(enabled(initialState)).toEqual([])
    expect(phaseLabel(initialState)).toBe('Loading the MNIST digits…')
    const state = run(worker(ready))
    expect(state.phase).toBe('ready')
    expect(state.testImages).toBe(10000)
    expect(enabled(state)).toEqual(['start', 'switch', 'load'])
  })

  it('sends one request at a time and clears it when the worker answers', () => {
    const asked = run(worker(ready), { type: 'request', request: 'start' })
    expect(asked.pending).toBe('start')
    expect(enabled(asked)).toEqual([])
    // A second request while one is in flight changes nothing.
    expect(reduce(asked, { type: 'request', request: 'load' })).toBe(asked)
    const backend = reduce(
      asked,
      worker({
        type: 'backend',
        backend: { kind: 'wasm', threads: 2 },
        name: 'wasm-2',
        threads: 2,
      }),
    )
    expect(backend.pending).toBe('start')
    const training = reduce(backend, status('training'))
    expect(training).toMatchObject({ phase: 'training', pending: null, hasModel: true })
    expect(enabled(training)).toEqual(['pause', 'switch', 'save', 'load', 'predict'])
    expect(phaseLabel(training)).toBe('Training')
  })

  it('pauses, resumes and finishes', () => {
    const training = run(worker(ready), status('training'))
    const pausing = reduce(training, { type: 'request', request: 'pause' })
    const paused = reduce(pausing, status('paused'))
    expect(paused).toMatchObject({ phase: 'paused', pending: null })
    expect(enabled(paused)).toEqual(['start', 'resume', 'switch', 'save', 'load', 'predict'])
    const finished = reduce(reduce(paused, status('training')), status('finished'))
    expect(allowed(finished).resume).toBe(true)
    expect(phaseLabel(finished)).toBe('Finished')
  })

  it('a backend switch waits for the worker to report the new backend', () => {
    const switching = run(worker(ready), status('paused'), { type: 'request', request: 'switch' })
    expect(phaseLabel(switching)).toBe('Moving the model to another backend…')
    const moved = reduce(
      switching,
      worker({ type: 'backend', backend: { kind: 'webgpu' }, name: 'webgpu', threads: 1 }),
    )
    expect(moved.pending).toBeNull()
    expect(moved.backend).toEqual({ choice: { kind: 'webgpu' }, name: 'webgpu', threads: 1 })
  })

  it('keeps a load pending through its pause, until the checkpoint is loaded', () => {
    const loading = run(worker(ready), status('training'), { type: 'request', request: 'load' })
    const paused = reduce(loading, status('paused'))
    expect(paused.pending).toBe('load')
    const loaded = reduce(
      paused,
      worker({
        type: 'loaded',
        name: 'a.safetensors',
        description: 'MLP 784-32-10, sgd, 1 epoch trained',
        settings: {
          model: { kind: 'mlp', hidden: [32] },
          optimizer: 'sgd',
          lr: 0.05,
          batchSize: 64,
          epochs: 2,
          seed: 0,
        },
      }),
    )
    expect(loaded).toMatchObject({
      pending: null,
      hasModel: true,
      loaded: 'a.safetensors: MLP 784-32-10, sgd, 1 epoch trained',
    })
  })

  it('lists errors until dismissed; a data error or a crashed worker is fatal', () => {
    const loading = run(worker(ready), { type: 'request', request: 'load' })
    const failed = reduce(
      loading,
      worker({ type: 'error', scope: 'load', message: 'checkpoint: x: bad' }),
    )
    expect(failed.pending).toBeNull()
    expect(failed.errors).toEqual([{ scope: 'load', message: 'checkpoint: x: bad' }])
    expect(failed.phase).toBe('ready')
    const withPageError = reduce(failed, { type: 'pageError', message: 'oops' })
    expect(withPageError.errors.map((e) => e.message)).toEqual(['checkpoint: x: bad', 'oops'])
    expect(reduce(withPageError, { type: 'dismiss', index: 0 }).errors).toEqual([
      { scope: 'page', message: 'oops' },
    ])

    const noData = run(worker({ type: 'error', scope: 'data', message: 'mnist: HTTP 404' }))
    expect(noData).toMatchObject({ phase: 'failed', fatal: 'mnist: HTTP 404' })
    expect(enabled(noData)).toEqual([])
    const crashed = run(worker(ready), { type: 'crashed', message: 'the worker failed' })
    expect(crashed).toMatchObject({ phase: 'failed', fatal: 'the worker failed' })
    expect(phaseLabel(crashed)).toBe('Stopped by an error')
  })
})
