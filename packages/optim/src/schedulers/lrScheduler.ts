import { checkNumberOption, type NumberRange } from '@othergrad/core'
import { Optimizer } from '../optimizer'

/**
 * Base class of the learning-rate schedulers, like `torch.optim.lr_scheduler.LRScheduler`.
 * Constructing a scheduler records each group's `initialLr` and takes the first step (epoch 0);
 * call `step()` after each `optimizer.step()`. Rules are PyTorch's recursive ("chainable")
 * forms, so the learning rates match PyTorch's to the last bit of float arithmetic.
 *
 * A subclass sets its own fields and then calls `initialStep()` at the end of its constructor.
 */
export abstract class LRScheduler {
  readonly optimizer: Optimizer
  /** The index of the last step taken (-1 before the first). */
  lastEpoch: number
  /** Each group's learning rate at epoch 0 (its `initialLr`). */
  baseLrs: number[]
  protected stepCount = 0
  private lastLr: number[] = []

  constructor(optimizer: Optimizer, lastEpoch = -1) {
    if (!(optimizer instanceof Optimizer)) {
      throw new Error(
        `${new.target.name}: ${optimizer === null ? 'null' : typeof optimizer} is not an Optimizer`,
      )
    }
    this.optimizer = optimizer
    checkNumberOption(new.target.name, 'lastEpoch', lastEpoch, { min: -1, integer: true })
    if (lastEpoch === -1) {
      for (const group of optimizer.paramGroups)
        if (group.initialLr === undefined) group.initialLr = group.lr
    } else {
      optimizer.paramGroups.forEach((group, i) => {
        if (group.initialLr === undefined) {
          throw new Error(
            `${new.target.name}: param 'initialLr' is not specified in paramGroups[${i}] when resuming an optimizer`,
          )
        }
      })
    }
    this.baseLrs = optimizer.paramGroups.map((group) => group.initialLr as number)
    this.lastEpoch = lastEpoch
  }

  /** The learning rate of every group at `lastEpoch`, from the current ones. */
  abstract getLr(): number[]

  /** Takes the step that moves epoch -1 to 0 (what PyTorch's constructor does). */
  protected initialStep(): void {
    this.stepCount = 0
    this.step()
  }

  /** Advances one epoch (or batch) and sets each group's `lr`. */
  step(): void {
    this.stepCount += 1
    this.lastEpoch += 1
    const values = this.getLr()
    this.optimizer.paramGroups.forEach((group, i) => {
      group.lr = values[i]
    })
    this.lastLr = this.optimizer.paramGroups.map((group) => group.lr)
  }

  /** The learning rates the last `step()` set, one per group, like `get_last_lr()`. */
  getLastLr(): number[] {
    return [...this.lastLr]
  }

  /** The scheduler's state (everything but the optimizer and functions), like `state_dict()`. */
  stateDict(): Record<string, unknown> {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(this)) {
      if (
        k === 'optimizer' ||
        typeof v === 'function' ||
        (Array.isArray(v) && v.some((x) => typeof x === 'function'))
      )
        continue
      out[k] = structuredClone(v)
    }
    return out
  }

  /** Restores a state from `stateDict()`. */
  loadStateDict(state: Record<string, unknown>): void {
    for (const [k, v] of Object.entries(state)) {
      if (k !== 'optimizer') (this as Record<string, unknown>)[k] = structuredClone(v)
    }
  }
}

/**
 * A per-group value from one number or a list of one per group, like PyTorch's `_format_param`;
 * every value must be a finite number.
 */
export function perGroup(
  op: string,
  name: string,
  optimizer: Optimizer,
  value: number | readonly number[],
): number[] {
  const n = optimizer.paramGroups.length
  const values: unknown[] =
    typeof value === 'object' && value !== null ? [...value] : new Array<unknown>(n).fill(value)
  if (values.length !== n)
    throw new Error(`${op}: expected ${n} values for ${name}, got ${values.length}`)
  return values.map((v) => checkNumberOption(op, name, v))
}

/**
 * Checks a number given as a positional argument. An options object in its place (`{ TMax: 20 }`
 * for `new CosineAnnealingLR(optimizer, 20)`) gets a message that shows the call to write.
 */
export function positional(
  op: string,
  name: string,
  value: unknown,
  range: NumberRange,
  usage: string,
): number {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    throw new Error(`${op}: ${name} is a positional number, got an options object; write ${usage}`)
  }
  return checkNumberOption(op, name, value, range)
}
