/**
 * The page's state machine: what the worker last said and which request is in flight decide
 * which controls are enabled and what the status line says. Pure functions, so the rules are
 * unit-tested apart from the DOM.
 *
 *   loading ──ready──▶ ready ──start──▶ training ◀──resume── paused
 *                                 │        └──pause/load/error──▶ ┘
 *                                 └──finished──▶ finished ──resume/start──▶ training
 *   any ──data error or worker crash──▶ failed
 */
import type { BackendChoice, Capabilities, ErrorScope, FromWorker, RunStatus } from './protocol'

export type Phase = 'loading' | 'ready' | Exclude<RunStatus, 'idle'> | 'failed'

/** A request the page has sent and not yet seen answered. */
export type Pending = 'start' | 'pause' | 'resume' | 'switch' | 'save' | 'load'

export interface PageError {
  scope: ErrorScope | 'page'
  message: string
}

export interface AppState {
  phase: Phase
  pending: Pending | null
  capabilities?: Capabilities
  backend?: { choice: BackendChoice; name: string; threads: number; note?: string }
  /** A model exists in the worker (trained or loaded), so predictions and saving work. */
  hasModel: boolean
  trainImages: number
  testImages: number
  /** Errors not dismissed, newest last; `fatal` is set when nothing works any more. */
  errors: PageError[]
  fatal?: string
  /** The last checkpoint loaded, described. */
  loaded?: string
}

export type AppEvent =
  | { type: 'worker'; message: FromWorker }
  | { type: 'request'; request: Pending }
  /** The worker itself failed (its script did not load, or it crashed). */
  | { type: 'crashed'; message: string }
  /** An error outside the worker (the page's own code). */
  | { type: 'pageError'; message: string }
  | { type: 'dismiss'; index: number }

export const initialState: AppState = {
  phase: 'loading',
  pending: null,
  hasModel: false,
  trainImages: 0,
  testImages: 0,
  errors: [],
}

/** Which request a worker message answers. */
function answers(message: FromWorker, pending: Pending | null): boolean {
  switch (message.type) {
    case 'status':
      return (
        (pending === 'start' && message.status === 'training') ||
        (pending === 'resume' && message.status === 'training') ||
        (pending === 'pause' && message.status === 'paused')
      )
    case 'backend':
      return pending === 'switch'
    case 'checkpoint':
      return pending === 'save'
    case 'loaded':
      return pending === 'load'
    case 'error':
      return true
    default:
      return false
  }
}

export function reduce(state: AppState, event: AppEvent): AppState {
  switch (event.type) {
    case 'request':
      if (!allowed(state)[event.request]) return state
      return { ...state, pending: event.request }
    case 'crashed':
      return { ...state, phase: 'failed', pending: null, fatal: event.message }
    case 'pageError':
      return { ...state, errors: [...state.errors, { scope: 'page', message: event.message }] }
    case 'dismiss':
      return { ...state, errors: state.errors.filter((_, i) => i !== event.index) }
    case 'worker':
      return onMessage(state, event.message)
  }
}

function onMessage(state: AppState, message: FromWorker): AppState {
  const pending = answers(message, state.pending) ? null : state.pending
  switch (message.type) {
    case 'ready':
      return {
        ...state,
        phase: 'ready',
        pending,
        capabilities: message.capabilities,
        trainImages: message.trainImages,
        testImages: message.testImages,
      }
    case 'status':
      return {
        ...state,
        pending,
        phase: message.status === 'idle' ? 'ready' : message.status,
        hasModel: state.hasModel || message.status !== 'idle',
      }
    case 'backend': {
      const { backend: choice, name, threads, note } = message
      return { ...state, pending, backend: { choice, name, threads, ...(note && { note }) } }
    }
    case 'loaded':
      return {
        ...state,
        pending,
        hasModel: true,
        loaded: `${message.name}: ${message.description}`,
      }
    case 'error':
      if (message.scope === 'data') {
        return { ...state, phase: 'failed', pending: null, fatal: message.message }
      }
      return {
        ...state,
        pending,
        errors: [...state.errors, { scope: message.scope, message: message.message }],
      }
    default:
      return pending === state.pending ? state : { ...state, pending }
  }
}

export interface Allowed {
  start: boolean
  pause: boolean
  resume: boolean
  switch: boolean
  save: boolean
  load: boolean
  predict: boolean
}

/** The requests the page may send now: one at a time, and only those the phase allows. */
export function allowed(state: AppState): Allowed {
  const live = state.phase !== 'loading' && state.phase !== 'failed'
  const free = live && state.pending === null
  const stopped = state.phase === 'ready' || state.phase === 'paused' || state.phase === 'finished'
  return {
    start: free && stopped,
    pause: free && state.phase === 'training',
    resume: free && (state.phase === 'paused' || state.phase === 'finished') && state.hasModel,
    switch: free,
    save: free && state.hasModel,
    load: free,
    predict: live && state.hasModel,
  }
}

/** The status line's first words. */
export function phaseLabel(state: AppState): string {
  if (state.pending === 'switch') return 'Moving the model to another backend…'
  if (state.pending === 'load') return 'Loading the checkpoint…'
  switch (state.phase) {
    case 'loading':
      return 'Loading the MNIST digits…'
    case 'ready':
      return state.hasModel ? 'Ready' : 'Ready to train'
    case 'training':
      return 'Training'
    case 'paused':
      return 'Paused'
    case 'finished':
      return 'Finished'
    case 'failed':
      return 'Stopped by an error'
  }
}
