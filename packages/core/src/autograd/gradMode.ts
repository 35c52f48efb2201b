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

function withGradMode<T>(value: boolean, fn: () => T): T {
  const prev = enabled
  enabled = value
  try {
    return fn()
  } finally {
    enabled = prev
  }
}

/**
 * Runs `fn` without recording the graph, like `with torch.no_grad():`.
 *
 * @example
 * noGrad(() => w.sub_(w.grad!.mul(lr)))
 */
export function noGrad<T>(fn: () => T): T {
  return withGradMode(false, fn)
}

/** Runs `fn` with graph recording on, even inside `noGrad`, like `torch.enable_grad()`. */
export function enableGrad<T>(fn: () => T): T {
  return withGradMode(true, fn)
}
