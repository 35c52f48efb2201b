import {
  checkNumberOption,
  checkOptionKeys,
  enableGrad,
  keep,
  moveWith,
  noGrad,
  Tensor,
  tidy,
} from '@othergrad/core'

// TYPES

/** One parameter group: its tensors and its options (`lr`, `momentum`, ...), like PyTorch's. */
export interface ParamGroup {
  params: Tensor[]
  lr: number
  [option: string]: unknown
}

/** A parameter group as passed to an optimizer: options left out come from the defaults. */
export interface ParamGroupInput {
  params: Iterable<Tensor> | Tensor
  [option: string]: unknown
}

/** What an optimizer takes: tensors, or parameter groups with per-group options. */
export type Params = Iterable<Tensor> | Iterable<ParamGroupInput>

/** Per-parameter state: tensors (moment estimates, buffers) and numbers (`step`). */
export type ParamState = Record<string, Tensor | number>

/**
 * An optimizer's state, like PyTorch's `optimizer.state_dict()`: parameters are numbered in
 * group order, `state` holds each one's buffers, and `paramGroups` each group's options with
 * the numbers of its parameters.
 */
export interface OptimizerStateDict {
  state: Record<number, ParamState>
  paramGroups: (Record<string, unknown> & { params: number[] })[]
}

/** `Optimizer.zeroGrad`'s options. */
export interface ZeroGradOptions {
  /** Drop gradients instead of zeroing them (default true, as in PyTorch 2). */
  setToNone?: boolean
}

/** The options every optimizer has. */
export interface BaseOptions {
  lr: number
}

// CLASS

/**
 * Base class of the optimizers, like `torch.optim.Optimizer`. A subclass gives its defaults,
 * `initState` (a parameter's state before its first step) and `update` (one parameter's step).
 * `step()` runs every update without recording a graph, in place, and inside a memory scope, so
 * temporaries are freed at once and a step costs no memory after the first.
 *
 * @example
 * const optimizer = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 })
 * optimizer.zeroGrad()
 * loss.backward()
 * optimizer.step()
 */
export abstract class Optimizer<O extends BaseOptions = BaseOptions> {
  readonly defaults: O
  readonly paramGroups: (ParamGroup & O)[] = []
  /** State per parameter, created at its first step. */
  state = new Map<Tensor, ParamState>()
  /** The subclass's own defaults: each option's value must have its default's type. */
  private readonly builtIn: O

  /**
   * `defaults` are the subclass's own defaults; `options` (the user's) may only set their keys,
   * so a misspelt option (`weight_decay`) is an error that names the right one.
   */
  constructor(params: Params, defaults: O, options: Partial<O> = {}) {
    checkOptionKeys(new.target.name, options, Object.keys(defaults))
    this.builtIn = defaults
    this.defaults = { ...defaults, ...options }
    if (
      params instanceof Tensor ||
      params === null ||
      typeof params !== 'object' ||
      !(Symbol.iterator in params)
    ) {
      throw new Error(
        `${this.constructor.name}: params argument given to the optimizer should be an iterable of Tensors or parameter groups, but got ${describe(params)}`,
      )
    }
    const list = [...(params as Iterable<Tensor | ParamGroupInput>)]
    if (list.length === 0)
      throw new Error(`${this.constructor.name}: optimizer got an empty parameter list`)
    const groups =
      list[0] instanceof Tensor ? [{ params: list as Tensor[] }] : (list as ParamGroupInput[])
    for (const group of groups) this.addParamGroup(group)
  }

  /** Adds a parameter group (for example when unfreezing layers), with the defaults filled in. */
  addParamGroup(group: ParamGroupInput): void {
    if (group === null || typeof group !== 'object' || !('params' in group)) {
      throw new Error(
        `${this.constructor.name}: param group must be an object with 'params', got ${describe(group)}`,
      )
    }
    const params = group.params instanceof Tensor ? [group.params] : [...group.params]
    for (const p of params) {
      if (!(p instanceof Tensor))
        throw new Error(
          `${this.constructor.name}: optimizer can only optimize Tensors, but one of the params is ${describe(p)}`,
        )
      if (!p.isLeaf) throw new Error(`${this.constructor.name}: can't optimize a non-leaf Tensor`)
    }
    if (new Set(params).size !== params.length) {
      throw new Error(
        `${this.constructor.name}: a parameter group contains the same parameter more than once`,
      )
    }
    for (const existing of this.paramGroups) {
      if (existing.params.some((p) => params.includes(p))) {
        throw new Error(
          `${this.constructor.name}: some parameters appear in more than one parameter group`,
        )
      }
    }
    const full = { ...copyOptions(this.defaults), ...copyOptions(group), params } as ParamGroup & O
    this.checkGroup(full)
    this.paramGroups.push(full)
    // A parameter's state moves with it (model.to): held weakly, so a dropped optimizer is freed.
    const self = new WeakRef(this)
    for (const p of params) moveWith(p, () => stateTensors(self.deref()?.state.get(p)))
  }

  /** Known keys (the defaults', plus what schedulers record), then the options' values. */
  private checkGroup(group: ParamGroup & O): void {
    const name = this.constructor.name
    checkOptionKeys(name, group, ['params', ...Object.keys(this.builtIn), ...SCHEDULER_KEYS])
    for (const [key, fallback] of Object.entries(this.builtIn)) {
      const value = group[key]
      if (key === 'lr') continue // validate() gives PyTorch's message
      if (typeof fallback === 'number') checkNumberOption(name, key, value)
      else if (typeof fallback === 'boolean' && typeof value !== 'boolean') {
        throw new Error(`${name}: ${key} must be a boolean, got ${describe(value)}`)
      } else if (Array.isArray(fallback)) {
        if (!Array.isArray(value) || value.length !== fallback.length) {
          throw new Error(
            `${name}: ${key} must be an array of ${fallback.length} numbers, got ${describe(value)}`,
          )
        }
        value.forEach((v, i) => checkNumberOption(name, `${key}[${i}]`, v))
      }
    }
    for (const key of SCHEDULER_KEYS) {
      if (group[key] !== undefined) checkNumberOption(name, key, group[key])
    }
    this.validate(group)
  }

  /** Checks a group's options, throwing PyTorch's messages; subclasses extend it. */
  protected validate(group: ParamGroup & O): void {
    if (typeof group.lr !== 'number' || !(group.lr >= 0 && group.lr < Infinity))
      throw new Error(`${this.constructor.name}: Invalid learning rate: ${String(group.lr)}`)
  }

  /** Resets the gradients of every parameter: to null by default, or to zeros. */
  zeroGrad(options: ZeroGradOptions = {}): void {
    checkOptionKeys('zeroGrad', options, ['setToNone'])
    const setToNone = options.setToNone ?? true
    for (const group of this.paramGroups) {
      for (const p of group.params) {
        const g = p.grad
        if (g === null) continue
        if (setToNone) {
          p.grad = null
          continue
        }
        if (g.gradFn) g.detach_()
        noGrad(() => g.zero_())
      }
    }
  }

  /** A parameter's state before its first step. */
  protected abstract initState(param: Tensor, group: ParamGroup & O): ParamState

  /** One parameter's update, in place; runs in no-grad mode inside a memory scope. */
  protected abstract update(
    param: Tensor,
    grad: Tensor,
    state: ParamState,
    group: ParamGroup & O,
  ): void

  /**
   * Performs one optimization step. `closure` re-evaluates the model and returns the loss (with
   * gradients recorded), as in PyTorch; its result is returned.
   */
  step(closure?: () => Tensor | number): Tensor | number | undefined {
    const loss = closure ? enableGrad(closure) : undefined
    for (const group of this.paramGroups) {
      for (const param of group.params) {
        const grad = param.grad
        if (grad === null) continue
        let state = this.state.get(param)
        if (!state) {
          state = noGrad(() => this.initState(param, group))
          for (const v of Object.values(state)) if (v instanceof Tensor) keep(v)
          this.state.set(param, state)
        } else {
          this.follow(param, state)
        }
        const s = state
        tidy(() => noGrad(() => this.update(param, grad, s, group)))
      }
    }
    return loss
  }

  /**
   * Brings state left on another backend to its parameter's (moved by other means than
   * `model.to()`, which moves it along), from backends that read synchronously.
   */
  private follow(param: Tensor, state: ParamState): void {
    for (const [key, value] of Object.entries(state)) {
      if (!(value instanceof Tensor) || value.backend === param.backend) continue
      state[key] = keep(noGrad(() => moveState(this.constructor.name, key, value, param)))
      value.dispose()
    }
  }

  /**
   * The optimizer's state (buffers by parameter number, and each group's options), like
   * `state_dict()`. The tensors are the live buffers; `loadStateDict` copies them.
   */
  stateDict(): OptimizerStateDict {
    const index = new Map<Tensor, number>()
    const paramGroups = this.paramGroups.map((group) => {
      const { params, ...options } = group
      const ids = params.map((p) => {
        if (!index.has(p)) index.set(p, index.size)
        return index.get(p)!
      })
      return { ...copyOptions(options), params: ids }
    })
    const state: Record<number, ParamState> = {}
    for (const [param, s] of this.state) {
      const i = index.get(param)
      if (i !== undefined) state[i] = { ...s }
    }
    return { state, paramGroups }
  }

  /**
   * Restores state saved by `stateDict()` (from an optimizer over parameters of the same shapes),
   * like `load_state_dict`, so training resumes exactly. Buffers are copied, cast to each
   * parameter's dtype (except `step`).
   */
  loadStateDict(stateDict: OptimizerStateDict): void {
    const name = this.constructor.name
    const saved = stateDict?.paramGroups
    if (!Array.isArray(saved) || stateDict.state === null || typeof stateDict.state !== 'object') {
      throw new Error(`${name}: expected a state dict with 'state' and 'paramGroups'`)
    }
    if (saved.length !== this.paramGroups.length) {
      throw new Error(
        `${name}: loaded state dict has a different number of parameter groups (${saved.length} vs ${this.paramGroups.length})`,
      )
    }
    saved.forEach((g, i) => {
      if (!Array.isArray(g.params) || g.params.length !== this.paramGroups[i].params.length) {
        throw new Error(
          `${name}: loaded state dict contains a parameter group that doesn't match the size of optimizer's group`,
        )
      }
    })
    const byId = new Map<number, Tensor>()
    saved.forEach((g, i) =>
      g.params.forEach((id, j) => byId.set(id, this.paramGroups[i].params[j])),
    )
    const state = new Map<Tensor, ParamState>()
    for (const [id, s] of Object.entries(stateDict.state)) {
      const param = byId.get(Number(id))
      if (!param) continue
      const copy: ParamState = {}
      for (const [key, value] of Object.entries(s)) {
        if (!(value instanceof Tensor)) {
          copy[key] = value
          continue
        }
        // Moved to the parameter's backend and cast to its dtype, as PyTorch's load_state_dict does.
        const here = noGrad(() => moveState(name, key, value, param))
        const cast =
          key !== 'step' && isFloating(value) && isFloating(param) ? here.cast(param.dtype) : here
        copy[key] = keep(noGrad(() => cast.clone()))
      }
      state.set(param, copy)
    }
    // Checked before anything changes, so a bad state dict leaves the optimizer as it was.
    const groups = saved.map((g, i) => {
      const { params: _ids, ...options } = g
      const group = { ...copyOptions(options), params: this.paramGroups[i].params } as ParamGroup &
        O
      this.checkGroup(group)
      return group
    })
    this.state = state
    groups.forEach((group, i) => (this.paramGroups[i] = group))
  }
}

// HELPERS

/** Copies option values, arrays (like `betas`) included, so groups never share them. */
function copyOptions<T extends object>(options: T): T {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(options))
    if (k !== 'params') out[k] = Array.isArray(v) ? [...v] : v
  return out as T
}

/** Every tensor of one parameter's state. */
function stateTensors(state: ParamState | undefined): Tensor[] {
  return state ? Object.values(state).filter((v): v is Tensor => v instanceof Tensor) : []
}

/** `value` on `param`'s backend, read synchronously (a clear error where that is impossible). */
function moveState(name: string, key: string, value: Tensor, param: Tensor): Tensor {
  if (value.backend === param.backend) return value
  if (!value.backend.readSync) {
    throw new Error(
      `${name}: state '${key}' is on backend '${value.backend.name}', which cannot be read synchronously, and its parameter on '${param.backend.name}'; move it first with await t.to('${param.backend.name}')`,
    )
  }
  return value.toSync(param.backend.name)
}

/** Options learning-rate schedulers record in a group (`initialLr`, OneCycleLR's bounds). */
const SCHEDULER_KEYS = ['initialLr', 'maxLr', 'minLr', 'maxMomentum', 'baseMomentum'] as const

function isFloating(t: Tensor): boolean {
  return t.dtype === 'float32' || t.dtype === 'float64'
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (value instanceof Tensor) return `a Tensor of shape [${value.shape.join(', ')}]`
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object'
  return typeof value
}
