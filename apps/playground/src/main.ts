/**
 * The page: controls, charts, the drawing pad and the gallery, wired to the training worker.
 * What is enabled follows state.ts; every error the worker or the page meets is shown here.
 */
import { defaultLr, type OptimizerName } from '@othergrad/mnist-app'
import { describeModel, modelDefaults, modelTag, MODEL_PRESETS, type ModelSpec } from './models'
import {
  MAX_MISTAKES,
  type BackendChoice,
  type FromWorker,
  type Mistake,
  type ToWorker,
  type TrainSettings,
} from './protocol'
import { allowed, initialState, phaseLabel, reduce, type AppEvent, type AppState } from './state'
import './style.css'
import { AccuracyChart, LossChart } from './ui/charts'
import { DrawPad, paintDigit } from './ui/drawPad'
import { formatCount, formatDuration, formatPercent, positiveIntParam } from './ui/format'

function el<T extends HTMLElement = HTMLElement>(id: string): T {
  const found = document.getElementById(id)
  if (!found) throw new Error(`page: element #${id} is missing from index.html`)
  return found as T
}

let state: AppState = initialState
let worker: Worker | undefined

function dispatch(event: AppEvent): void {
  state = reduce(state, event)
  render()
}

function send(message: ToWorker, transfer: Transferable[] = []): void {
  worker?.postMessage(message, transfer)
}

// ---- the page's own errors -------------------------------------------------------------------

window.addEventListener('error', (e) => dispatch({ type: 'pageError', message: e.message }))
window.addEventListener('unhandledrejection', (e) =>
  dispatch({ type: 'pageError', message: String((e.reason as Error)?.message ?? e.reason) }),
)

// ---- controls ----------------------------------------------------------------------------------

const modelSelect = el<HTMLSelectElement>('model')
const customModels = new Map<string, ModelSpec>()
for (const preset of MODEL_PRESETS)
  modelSelect.add(new Option(describeModel(preset.spec), preset.id))
const optimizerSelect = el<HTMLSelectElement>('optimizer')
const lrInput = el<HTMLInputElement>('lr')
const batchInput = el<HTMLInputElement>('batch-size')
const epochsInput = el<HTMLInputElement>('epochs')
const backendSelect = el<HTMLSelectElement>('backend')
const threadsSelect = el<HTMLSelectElement>('threads')

function modelSpec(): ModelSpec {
  const id = modelSelect.value
  return customModels.get(id) ?? MODEL_PRESETS.find((p) => p.id === id)!.spec
}

function settings(): TrainSettings {
  return {
    model: modelSpec(),
    optimizer: optimizerSelect.value as OptimizerName,
    lr: Number(lrInput.value),
    batchSize: Number(batchInput.value),
    epochs: Number(epochsInput.value),
    seed: 0,
  }
}

function backendChoice(): BackendChoice {
  return backendSelect.value === 'webgpu'
    ? { kind: 'webgpu' }
    : { kind: 'wasm', threads: Number(threadsSelect.value) || 1 }
}

/** Puts a run's settings (a loaded checkpoint's) back into the controls. */
function showSettings(s: TrainSettings): void {
  const preset = MODEL_PRESETS.find((p) => describeModel(p.spec) === describeModel(s.model))
  if (preset) modelSelect.value = preset.id
  else {
    const id = `custom-${modelTag(s.model)}`
    if (!customModels.has(id)) {
      customModels.set(id, s.model)
      modelSelect.add(new Option(`${describeModel(s.model)} (from file)`, id))
    }
    modelSelect.value = id
  }
  shownKind = s.model.kind
  optimizerSelect.value = s.optimizer
  lrInput.value = String(s.lr)
  batchInput.value = String(s.batchSize)
  epochsInput.value = String(s.epochs)
}

/** The kind of model the controls were last set up for. */
let shownKind = modelSpec().kind

// Another kind of model starts with its own optimizer, learning rate and batch size (the CNN
// with Adadelta at 1.0 in batches of 64, as `pnpm mnist --model cnn`); the user may change them.
modelSelect.addEventListener('change', () => {
  const spec = modelSpec()
  if (spec.kind === shownKind) return
  shownKind = spec.kind
  const defaults = modelDefaults(spec)
  optimizerSelect.value = defaults.optimizer
  lrInput.value = String(defaults.lr)
  batchInput.value = String(defaults.batchSize)
})

optimizerSelect.addEventListener('change', () => {
  lrInput.value = String(defaultLr(optimizerSelect.value as OptimizerName))
})

const lossChart = new LossChart(el('loss-chart'))
const accuracyChart = new AccuracyChart(el('accuracy-chart'))

el('start').addEventListener('click', () => {
  if (!allowed(state).start) return
  dispatch({ type: 'request', request: 'start' })
  lossChart.clear()
  accuracyChart.clear()
  send({ type: 'start', settings: settings(), backend: backendChoice() })
})
el('pause').addEventListener('click', () => {
  if (!allowed(state).pause) return
  dispatch({ type: 'request', request: 'pause' })
  send({ type: 'pause' })
})
/** The settings of the run in the worker, as its last status said. */
let runSettings: TrainSettings | undefined

el('resume').addEventListener('click', () => {
  if (!allowed(state).resume) return
  dispatch({ type: 'request', request: 'resume' })
  const chosen = settings()
  // Resume goes on with the run's model and optimizer. Controls set up for another model or
  // optimizer (whose learning rate would not suit this one) wait for a start; the run's
  // settings come back into them.
  if (
    runSettings &&
    (describeModel(chosen.model) !== describeModel(runSettings.model) ||
      chosen.optimizer !== runSettings.optimizer)
  ) {
    showSettings(runSettings)
    send({ type: 'resume' })
    return
  }
  const { lr, batchSize, epochs } = chosen
  send({ type: 'resume', lr, batchSize, epochs })
})
el('save').addEventListener('click', () => {
  if (!allowed(state).save) return
  dispatch({ type: 'request', request: 'save' })
  send({ type: 'save' })
})

function onBackendChange(): void {
  // Without a model the choice waits for the next start; with one the model moves now.
  if (!state.hasModel || !allowed(state).switch) return
  dispatch({ type: 'request', request: 'switch' })
  send({ type: 'switchBackend', backend: backendChoice() })
}
backendSelect.addEventListener('change', onBackendChange)
threadsSelect.addEventListener('change', onBackendChange)

const loadInput = el<HTMLInputElement>('load')
const loadStatus = el('load-status')
loadInput.addEventListener('change', async () => {
  const file = loadInput.files?.[0]
  loadInput.value = ''
  if (!file || !allowed(state).load) return
  dispatch({ type: 'request', request: 'load' })
  loadStatus.textContent = `Loading ${file.name}…`
  loadStatus.className = ''
  const bytes = await file.arrayBuffer()
  send({ type: 'load', name: file.name, bytes, backend: backendChoice() }, [bytes])
})

// ---- trying the model --------------------------------------------------------------------------

type Input = { kind: 'drawn'; pixels: Float32Array } | { kind: 'test'; index: number }
let input: Input | null = null
let predictionId = 0
let lastRefresh = 0
/** One prediction at a time: a slow model (the CNN on a slow device) never falls behind. */
let predicting = false
/** The input changed while a prediction was in flight: ask again when it is answered. */
let predictAgain = false

function predict(): void {
  if (!input || !allowed(state).predict) return
  if (predicting) {
    predictAgain = true
    return
  }
  predicting = true
  predictionId++
  if (input.kind === 'drawn') send({ type: 'predict', id: predictionId, pixels: input.pixels })
  else send({ type: 'predictTest', id: predictionId, index: input.index })
}

const seen = el<HTMLCanvasElement>('seen')
const inputSource = el('input-source')
paintDigit(seen, new Float32Array(784), false)
const pad = new DrawPad(el<HTMLCanvasElement>('pad'), (pixels) => {
  input = pixels.some((v) => v > 0) ? { kind: 'drawn', pixels } : null
  paintDigit(seen, pixels, false)
  inputSource.textContent = input ? 'your drawing, centred and scaled to 28x28' : ''
  if (input) predict()
  else showProbabilities(null)
})
el('clear').addEventListener('click', () => pad.clear())

const probabilities = el('probabilities')
function showProbabilities(values: number[] | null): void {
  probabilities.replaceChildren()
  if (values) probabilities.dataset.probabilities = JSON.stringify(values)
  else delete probabilities.dataset.probabilities
  const best = values ? values.indexOf(Math.max(...values)) : -1
  if (values) probabilities.dataset.predicted = String(best)
  else delete probabilities.dataset.predicted
  for (let digit = 0; digit < 10; digit++) {
    const p = values?.[digit] ?? 0
    const label = document.createElement('span')
    label.textContent = String(digit)
    const track = document.createElement('div')
    track.className = 'track'
    const bar = document.createElement('div')
    bar.className = digit === best ? 'bar best' : 'bar'
    bar.style.width = `${(p * 100).toFixed(1)}%`
    track.append(bar)
    const value = document.createElement('span')
    value.textContent = values ? `${(p * 100).toFixed(1)}%` : ''
    probabilities.append(label, track, value)
  }
}
showProbabilities(null)

function showMistakes(mistakes: Mistake[], accuracy: number): void {
  const gallery = el('gallery')
  gallery.replaceChildren()
  el('mistakes-summary').textContent =
    `${formatPercent(accuracy)} of ${formatCount(state.testImages)} test digits right; ` +
    `${mistakes.length === MAX_MISTAKES ? `the first ${MAX_MISTAKES}` : mistakes.length} wrong ones below (true → predicted). Click one to try it.`
  for (const m of mistakes) {
    const button = document.createElement('button')
    button.type = 'button'
    button.dataset.index = String(m.index)
    button.title = `test image ${m.index}: a ${m.label}, predicted ${m.predicted}`
    const canvas = document.createElement('canvas')
    canvas.className = 'digit'
    paintDigit(canvas, m.pixels, true)
    const caption = document.createElement('span')
    caption.textContent = `${m.label} → ${m.predicted}`
    button.append(canvas, caption)
    button.addEventListener('click', () => {
      input = { kind: 'test', index: m.index }
      predict()
    })
    gallery.append(button)
  }
}

function download(name: string, bytes: ArrayBuffer): void {
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }))
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

// ---- the worker's messages ---------------------------------------------------------------------

const stat = (id: string, text: string, value?: number | string) => {
  const node = el(`stat-${id}`)
  node.textContent = text
  if (value !== undefined) node.dataset.value = String(value)
}

function onWorkerMessage(message: FromWorker): void {
  dispatch({ type: 'worker', message })
  switch (message.type) {
    case 'ready':
      setupCapabilities(message.capabilities)
      break
    case 'backend': {
      const threads = message.threads > 1 ? ` (${message.threads} threads)` : ''
      stat('backend', `${message.name}${threads}`, message.name)
      // The controls show the backend in use (a load picks one when none was).
      showBackend(message.backend)
      if (message.note) addNote(message.note)
      break
    }
    case 'status':
      if (message.settings) runSettings = message.settings
      stat('step', formatCount(message.step), message.step)
      break
    case 'progress': {
      lossChart.add(message.points)
      const last = message.points[message.points.length - 1]
      stat('step', formatCount(last.step), last.step)
      stat('loss', last.loss.toFixed(4), last.loss)
      stat('epoch', message.epoch.toFixed(2), message.epoch)
      stat('rate', formatCount(message.samplesPerSecond), message.samplesPerSecond)
      stat('eta', formatDuration(message.etaSeconds))
      if (performance.now() - lastRefresh > 1000) {
        lastRefresh = performance.now()
        predict()
      }
      break
    }
    case 'evaluated':
      accuracyChart.add(message.step, message.accuracy)
      stat('accuracy', formatPercent(message.accuracy), message.accuracy)
      el('stat-accuracy').dataset.step = String(message.step)
      showMistakes(message.mistakes, message.accuracy)
      predict()
      break
    case 'prediction':
      predictionAnswered()
      if (message.id !== predictionId) break
      showProbabilities(message.probabilities)
      if (message.test) {
        paintDigit(seen, message.test.pixels, true)
        inputSource.textContent = `test image ${message.test.index}, a ${message.test.label}`
        inputSource.dataset.testIndex = String(message.test.index)
      } else delete inputSource.dataset.testIndex
      break
    case 'checkpoint':
      download(message.name, message.bytes)
      break
    case 'loaded':
      showSettings(message.settings)
      loadStatus.textContent = `Loaded ${message.name}: ${message.description}.`
      loadStatus.className = ''
      lossChart.clear()
      accuracyChart.clear()
      // The loaded model's accuracy follows from its evaluation.
      stat('accuracy', '–')
      delete el('stat-accuracy').dataset.value
      delete el('stat-accuracy').dataset.step
      break
    case 'error':
      if (message.scope === 'predict') predictionAnswered()
      if (message.scope === 'load') {
        loadStatus.textContent = `Could not load the file. ${message.message}`
        loadStatus.className = 'load-error'
      }
      // A failed switch leaves the run where it was: so do the controls.
      if ((message.scope === 'backend' || message.scope === 'train') && state.backend) {
        showBackend(state.backend.choice)
      }
      break
  }
}

function predictionAnswered(): void {
  predicting = false
  if (predictAgain) {
    predictAgain = false
    predict()
  }
}

function showBackend(choice: BackendChoice): void {
  backendSelect.value = choice.kind
  if (choice.kind === 'wasm') threadsSelect.value = String(choice.threads)
}

// ---- capabilities ------------------------------------------------------------------------------

function addNote(text: string): void {
  const notes = el('notes')
  if ([...notes.children].some((li) => li.textContent === text)) return
  const li = document.createElement('li')
  li.textContent = text
  notes.append(li)
}

function setupCapabilities(c: NonNullable<AppState['capabilities']>): void {
  threadsSelect.replaceChildren()
  for (let n = 1; n <= c.maxThreads; n++) threadsSelect.add(new Option(String(n), String(n)))
  threadsSelect.value = String(c.maxThreads)
  if (c.threadsNote) addNote(`WebAssembly threads limited to 1: ${c.threadsNote}.`)
  const webgpu = backendSelect.querySelector<HTMLOptionElement>('option[value="webgpu"]')!
  if (!c.webgpu.available) {
    webgpu.disabled = true
    webgpu.textContent = 'WebGPU (unavailable)'
    webgpu.title = c.webgpu.reason
    el('backend-reason').textContent = `No WebGPU: ${c.webgpu.reason}.`
    addNote(`WebGPU is unavailable: ${c.webgpu.reason}.`)
  }
}

// ---- rendering ---------------------------------------------------------------------------------

function render(): void {
  const can = allowed(state)
  for (const id of ['start', 'pause', 'resume', 'save'] as const) {
    el<HTMLButtonElement>(id).disabled = !can[id]
  }
  el<HTMLButtonElement>('start').textContent = state.hasModel ? 'Start over' : 'Start'
  loadInput.disabled = !can.load
  el('load-label').classList.toggle('disabled', !can.load)
  backendSelect.disabled = !can.switch
  threadsSelect.disabled = backendSelect.disabled || backendSelect.value !== 'wasm'
  const status = el('status')
  status.dataset.phase = state.phase
  status.dataset.pending = state.pending ?? ''
  status.textContent = phaseLabel(state)
  const fatal = el('fatal')
  fatal.hidden = state.fatal === undefined
  fatal.textContent = state.fatal ? `The playground cannot continue: ${state.fatal}` : ''
  const errors = el('errors')
  errors.replaceChildren(
    ...state.errors.map((error, index) => {
      const li = document.createElement('li')
      const text = document.createElement('span')
      text.textContent = error.message
      const close = document.createElement('button')
      close.type = 'button'
      close.textContent = 'Dismiss'
      close.addEventListener('click', () => dispatch({ type: 'dismiss', index }))
      li.append(text, close)
      return li
    }),
  )
}

// ---- start -------------------------------------------------------------------------------------

/** For tests and the console: the loss of every step so far. */
;(window as unknown as { playground: unknown }).playground = {
  losses: () => lossChart.history.all(),
  /** Whether a prediction is in flight (the next one waits for it). */
  predicting: () => predicting || predictAgain,
}

function startWorker(): void {
  if (typeof Worker !== 'function') {
    dispatch({ type: 'crashed', message: 'this browser has no Web Workers, where training runs' })
    return
  }
  const params = new URLSearchParams(location.search)
  let limits: { trainLimit?: number; testLimit?: number }
  try {
    limits = {
      trainLimit: positiveIntParam(params, 'train'),
      testLimit: positiveIntParam(params, 'test'),
    }
  } catch (e) {
    dispatch({ type: 'crashed', message: (e as Error).message })
    return
  }
  worker = new Worker(new URL('./worker/trainer.worker.ts', import.meta.url), { type: 'module' })
  worker.onmessage = (event: MessageEvent<FromWorker>) => onWorkerMessage(event.data)
  worker.onerror = (event) => {
    event.preventDefault()
    dispatch({
      type: 'crashed',
      message: `the training worker failed: ${event.message || 'its script did not load'}`,
    })
  }
  send({ type: 'init', dataUrl: new URL('mnist/', document.baseURI).href, ...limits })
}

render()
startWorker()
