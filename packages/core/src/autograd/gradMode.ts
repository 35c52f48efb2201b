import { rejectAsync, rejectPromise } from '../check'

/** Whether ops record the autograd graph. */
let enabled = true

/** Whether ops record the autograd graph now, like `torch.is_grad_enabled`. */
export function isGradEnabled(): boolean {
  return enabled
}

/** Turns graph recording on or off until changed again, like `torch.set_grad_enabled`. */
export function setGradEnabled(value: boolean): void {
  enabled = value
}

function withGradMode<T>(op: string, value: boolean, fn: () => T): T {
  rejectAsync(op, fn, ASYNC_GRAD_MODE)
  const prev = enabled
  enabled = value
  let result: T
  try {
    result = fn()
  } finally {
    enabled = prev
  }
  rejectPromise(op, result, ASYNC_GRAD_MODE)
  return result
}

const ASYNC_GRAD_MODE =
  'grad mode is global and synchronous (like torch.no_grad, which is thread-local), so it ' +
  'would end at the first await and the rest would record a graph. Await outside and pass ' +
  'the synchronous part: const x = await load(); const y = noGrad(() => model.forward(x))'

/**
 * Runs `fn` without recording the graph, like `with torch.no_grad():`. `fn` must be synchronous:
 * an async function is rejected (grad mode would end at its first await).
 *
 * @example
 * noGrad(() => w.sub_(w.grad!.mul(lr)))
 */
export function noGrad<T>(fn: () => T): T {
  return withGradMode('noGrad', false, fn)
}

/** Runs `fn` with graph recording on, even inside `noGrad`, like `torch.enable_grad()`. */
export function enableGrad<T>(fn: () => T): T {
  return withGradMode('enableGrad', true, fn)
}
