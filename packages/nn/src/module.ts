import { checkOptionKeys, moveTensors_, noGrad, Tensor, type DType } from '@othergrad/core'
import { Parameter } from './parameter'

// TYPES

/** What `loadStateDict` reports, like PyTorch's `_IncompatibleKeys`. */
export interface LoadStateDictResult {
  missingKeys: string[]
  unexpectedKeys: string[]
}

/** `loadStateDict`'s options, like `load_state_dict`'s keyword arguments. */
export interface LoadStateDictOptions {
  /** Throw when keys are missing or unexpected (default true). Shape mismatches always throw. */
  strict?: boolean
}

/** `Module.zeroGrad`'s options. */
export interface ZeroGradOptions {
  /** Drop the gradients instead of filling them with zeros (default true, as in PyTorch 2). */
  setToNone?: boolean
}

/** A module's state: dotted names (`fc1.weight`) to tensors, in registration order. */
export type StateDict = Record<string, Tensor>

// CLASS

/**
 * Base class of every layer and model, like `torch.nn.Module`. Assigning a `Parameter`, a
 * `Module`, or a new value to a registered buffer to a field registers it, in assignment order,
 * so `parameters()`, `stateDict()` and friends find it.
 *
 * Call a module with `model.forward(x)`: a class instance cannot be made callable in TypeScript
 * without giving up its typed `forward` signature.
 *
 * @example
 * class MLP extends Module {
 *   fc1 = new Linear(784, 128)
 *   fc2 = new Linear(128, 10)
 *   forward(x: Tensor) {
 *     return this.fc2.forward(this.fc1.forward(x).relu())
 *   }
 * }
 */
export abstract class Module {
  /** Whether the module is in training mode (dropout on, batch statistics used). */
  training = true
  /** Parameters by name, in registration order (null: registered as absent, like a missing bias). */
  readonly _parameters = new Map<string, Parameter | null>()
  /** Buffers (tensors that are state but not learnable, like running means) by name. */
  readonly _buffers = new Map<string, Tensor | null>()
  /** Buffers left out of `stateDict()`. */
  readonly _nonPersistentBuffers = new Set<string>()
  /** Child modules by name, in registration order. */
  readonly _modules = new Map<string, Module | null>()

  constructor() {
    // Field assignments go through the proxy so parameters and submodules register themselves,
    // the job PyTorch's `__setattr__` does.
    Object.defineProperty(this, RAW, { value: this })
    return new Proxy(this, registeringHandler)
  }

  /** The computation; subclasses define it with their own signature. */
  abstract forward(...inputs: never[]): unknown

  // ---- registration --------------------------------------------------------------------------

  /** Registers (or, with null, declares absent) a parameter, like `register_parameter`. */
  registerParameter(name: string, param: Parameter | null): void {
    checkName(this, 'registerParameter', name, this._parameters)
    if (param !== null && !(param instanceof Parameter)) {
      throw new Error(
        `registerParameter: cannot assign '${describe(param)}' object to parameter '${name}' (Parameter or null required)`,
      )
    }
    setAttribute(this, name, param, 'parameter')
  }

  /**
   * Registers a buffer: state that is not learnable, like BatchNorm's running mean. Persistent
   * buffers are part of `stateDict()`.
   */
  registerBuffer(name: string, tensor: Tensor | null, persistent = true): void {
    checkName(this, 'registerBuffer', name, this._buffers)
    if (tensor !== null && !(tensor instanceof Tensor)) {
      throw new Error(
        `registerBuffer: cannot assign '${describe(tensor)}' object to buffer '${name}' (Tensor or null required)`,
      )
    }
    setAttribute(this, name, tensor, 'buffer')
    if (persistent) this._nonPersistentBuffers.delete(name)
    else this._nonPersistentBuffers.add(name)
  }

  /** Registers a child module, like `register_module` / `add_module`. */
  registerModule(name: string, module: Module | null): void {
    checkName(this, 'registerModule', name, this._modules)
    if (module !== null && !(module instanceof Module)) {
      throw new Error(`registerModule: ${describe(module)} is not a Module subclass`)
    }
    setAttribute(this, name, module, 'module')
  }

  // ---- traversal -----------------------------------------------------------------------------

  /** `[name, module]` for this module (named `prefix`) and every descendant, each once. */
  namedModules(prefix = '', memo: Set<Module> = new Set()): [string, Module][] {
    if (memo.has(this)) return []
    memo.add(this)
    const out: [string, Module][] = [[prefix, this]]
    for (const [name, child] of this._modules) {
      if (child) out.push(...child.namedModules(join(prefix, name), memo))
    }
    return out
  }

  /** This module and every descendant. */
  modules(): Module[] {
    return this.namedModules().map(([, m]) => m)
  }

  /** `[name, child]` for the direct children. */
  namedChildren(): [string, Module][] {
    const seen = new Set<Module>()
    const out: [string, Module][] = []
    for (const [name, child] of this._modules) {
      if (child && !seen.has(child)) {
        seen.add(child)
        out.push([name, child])
      }
    }
    return out
  }

  /** The direct children. */
  children(): Module[] {
    return this.namedChildren().map(([, m]) => m)
  }

  /**
   * `[dottedName, parameter]` pairs (`fc1.weight`), each parameter once, in registration order.
   *
   * @example
   * for (const [name, p] of model.namedParameters()) console.log(name, p.shape)
   */
  namedParameters(prefix = '', recurse = true): [string, Parameter][] {
    return this.namedMembers((m) => m._parameters, prefix, recurse)
  }

  /** Every parameter, each once; hand them to an optimizer. */
  parameters(recurse = true): Parameter[] {
    return this.namedParameters('', recurse).map(([, p]) => p)
  }

  /** `[dottedName, buffer]` pairs, each buffer once. */
  namedBuffers(prefix = '', recurse = true): [string, Tensor][] {
    return this.namedMembers((m) => m._buffers, prefix, recurse)
  }

  /** Every buffer, each once. */
  buffers(recurse = true): Tensor[] {
    return this.namedBuffers('', recurse).map(([, b]) => b)
  }

  private namedMembers<T extends Tensor>(
    members: (m: Module) => Map<string, T | null>,
    prefix: string,
    recurse: boolean,
  ): [string, T][] {
    const seen = new Set<T>()
    const out: [string, T][] = []
    const owners = recurse ? this.namedModules(prefix) : [[prefix, this] as [string, Module]]
    for (const [modulePrefix, module] of owners) {
      for (const [name, t] of members(module)) {
        if (t === null || seen.has(t)) continue
        seen.add(t)
        out.push([join(modulePrefix, name), t])
      }
    }
    return out
  }

  /** Calls `fn` on every descendant, then on this module, like `Module.apply`. */
  apply(fn: (module: Module) => void): this {
    for (const child of this.children()) child.apply(fn)
    fn(this)
    return this
  }

  // ---- modes and gradients -------------------------------------------------------------------

  /** Sets training mode on this module and its descendants. */
  train(mode = true): this {
    if (typeof mode !== 'boolean') throw new Error('train: training mode is expected to be boolean')
    this.training = mode
    for (const child of this.children()) child.train(mode)
    return this
  }

  /** Evaluation mode: dropout off, BatchNorm uses its running statistics. Same as `train(false)`. */
  eval(): this {
    return this.train(false)
  }

  /** Sets `requiresGrad` on every parameter, like `requires_grad_()`. */
  requiresGrad_(requiresGrad = true): this {
    for (const p of this.parameters()) p.requiresGrad = requiresGrad
    return this
  }

  /** Resets the gradients of every parameter (to null by default, or to zeros). */
  zeroGrad(options: ZeroGradOptions = {}): void {
    checkOptionKeys('zeroGrad', options, ['setToNone'])
    const setToNone = options.setToNone ?? true
    for (const p of this.parameters()) {
      if (p.grad === null) continue
      if (setToNone) {
        p.grad = null
        continue
      }
      const g = p.grad
      if (g.gradFn) g.detach_()
      noGrad(() => g.zero_())
    }
  }

  // ---- backend and dtype ---------------------------------------------------------------------

  /**
   * Moves every parameter and buffer to another backend in place, like `model.to(device)`: the
   * same `Parameter` objects with their gradients, so an optimizer built over them keeps working
   * (its state moves with them).
   *
   * @example
   * await model.to('wasm')
   */
  async to(backend: string): Promise<this> {
    if (dtypeNames.includes(backend)) {
      throw new Error(
        `Module.to: '${backend}' is a dtype; cast the parameters with model.double() or model.float()`,
      )
    }
    await moveTensors_([...this.parameters(), ...this.buffers()], backend)
    return this
  }

  /** Casts floating parameters and buffers to float64 (new parameter tensors), like `double()`. */
  double(): this {
    return this.castFloating('float64')
  }

  /** Casts floating parameters and buffers to float32 (new parameter tensors), like `float()`. */
  float(): this {
    return this.castFloating('float32')
  }

  private castFloating(dtype: DType): this {
    for (const module of this.modules()) {
      for (const [name, p] of module._parameters) {
        if (p === null || p.dtype === dtype || !isFloatingDType(p.dtype)) continue
        const cast = new Parameter(
          noGrad(() => p.cast(dtype)),
          p.requiresGrad,
        )
        setAttribute(module, name, cast, 'parameter')
      }
      for (const [name, b] of module._buffers) {
        if (b === null || b.dtype === dtype || !isFloatingDType(b.dtype)) continue
        setAttribute(
          module,
          name,
          noGrad(() => b.cast(dtype)),
          'buffer',
        )
      }
    }
    return this
  }

  // ---- state ---------------------------------------------------------------------------------

  /**
   * Parameters and persistent buffers by dotted name, detached and sharing storage, like
   * `state_dict()`. Save it with `saveSafetensors` or `saveFile` from `@othergrad/nn/node`.
   *
   * @example
   * await saveFile(model.stateDict(), 'model.safetensors')
   */
  stateDict(prefix = ''): StateDict {
    const out: StateDict = {}
    this.collectState(prefix, out)
    return out
  }

  private collectState(prefix: string, out: StateDict): void {
    for (const [name, p] of this._parameters) if (p !== null) out[prefix + name] = p.detach()
    for (const [name, b] of this._buffers) {
      if (b !== null && !this._nonPersistentBuffers.has(name)) out[prefix + name] = b.detach()
    }
    for (const [name, child] of this._modules) child?.collectState(`${prefix}${name}.`, out)
  }

  /**
   * Copies parameters and buffers from `stateDict` into this module, like `load_state_dict`.
   * Everything is checked before anything is copied, so a failed load changes nothing. Returns the
   * missing and unexpected keys; with `strict` (the default) either kind is an error.
   *
   * @example
   * model.loadStateDict(await loadFile('model.safetensors'))
   */
  loadStateDict(stateDict: StateDict, options: LoadStateDictOptions = {}): LoadStateDictResult {
    checkOptionKeys('loadStateDict', options, ['strict'])
    const strict = options.strict ?? true
    if (stateDict === null || typeof stateDict !== 'object') {
      throw new Error(
        `loadStateDict: expected state_dict to be a dict of tensors, got ${describe(stateDict)}`,
      )
    }
    const own = this.stateTargets()
    const missingKeys = [...own.keys()].filter((k) => !(k in stateDict))
    const unexpectedKeys = Object.keys(stateDict).filter((k) => !own.has(k))
    const errors: string[] = []
    if (strict && unexpectedKeys.length > 0) {
      errors.push(
        `Unexpected key(s) in state_dict: ${unexpectedKeys.map((k) => `"${k}"`).join(', ')}.`,
      )
    }
    if (strict && missingKeys.length > 0) {
      errors.push(`Missing key(s) in state_dict: ${missingKeys.map((k) => `"${k}"`).join(', ')}.`)
    }
    const copies: [Tensor, Tensor][] = []
    for (const [key, target] of own) {
      if (!(key in stateDict)) continue
      const source = stateDict[key]
      if (!(source instanceof Tensor)) {
        errors.push(
          `While copying the parameter named "${key}", expected a Tensor in the state_dict, got ${describe(source)}.`,
        )
      } else if (source.isDisposed) {
        errors.push(
          `While copying the parameter named "${key}", the tensor in the state_dict was disposed.`,
        )
      } else if (!sameShape(source.shape, target.shape)) {
        errors.push(
          `size mismatch for ${key}: copying a param with shape [${source.shape.join(', ')}] from checkpoint, the shape in current model is [${target.shape.join(', ')}].`,
        )
      } else if (source.backend !== target.backend && !source.backend.readSync) {
        errors.push(
          `While copying the parameter named "${key}", the tensor is on backend '${source.backend.name}', which cannot be read synchronously, and the model on '${target.backend.name}'; move it first with await t.to('${target.backend.name}').`,
        )
      } else {
        // Copied across backends where the source reads synchronously, as PyTorch copies across devices.
        copies.push([target, source])
      }
    }
    if (errors.length > 0) {
      throw new Error(
        `Error(s) in loading state_dict for ${this.constructor.name}:\n\t${errors.join('\n\t')}`,
      )
    }
    noGrad(() => {
      for (const [target, source] of copies) {
        if (target !== source) target.copy_(source.toSync(target.backend.name))
      }
    })
    return { missingKeys, unexpectedKeys }
  }

  /** The tensors `stateDict()` would name, without detaching them. */
  private stateTargets(prefix = '', out = new Map<string, Tensor>()): Map<string, Tensor> {
    for (const [name, p] of this._parameters) if (p !== null) out.set(prefix + name, p)
    for (const [name, b] of this._buffers) {
      if (b !== null && !this._nonPersistentBuffers.has(name)) out.set(prefix + name, b)
    }
    for (const [name, child] of this._modules) child?.stateTargets(`${prefix}${name}.`, out)
    return out
  }

  // ---- printing ------------------------------------------------------------------------------

  /** The part inside the parentheses of this module's one-line description. */
  extraRepr(): string {
    return ''
  }

  /** PyTorch-style description, children indented. */
  toString(): string {
    const extra = this.extraRepr()
    const lines = extra === '' ? [] : extra.split('\n')
    for (const [name, child] of this.namedChildren())
      lines.push(`(${name}): ${child.toString().replace(/\n/g, '\n  ')}`)
    const name = this.constructor.name
    if (lines.length === 0) return `${name}()`
    if (lines.length === 1 && this._modules.size === 0) return `${name}(${lines[0]})`
    return `${name}(\n  ${lines.join('\n  ')}\n)`
  }
}

// HELPERS

const dtypeNames = ['float32', 'float64', 'int32', 'int64', 'long', 'bool']

/** The object behind a module's proxy, where attributes are stored without going through it. */
const RAW = Symbol('othergrad.module.raw')

type Kind = 'parameter' | 'buffer' | 'module' | 'plain'

/**
 * PyTorch's `__setattr__` rules: a Parameter registers as a parameter, a Module as a child, a
 * tensor (or null) assigned to a buffer's name updates the buffer; anything else is a plain field.
 */
const registeringHandler: ProxyHandler<Module> = {
  set(target, key, value, receiver) {
    if (typeof key !== 'string' || isAccessor(target, key))
      return Reflect.set(target, key, value, receiver)
    setAttribute(target, key, value, kindOf(target, key, value))
    return true
  },
  defineProperty(target, key, descriptor) {
    if (typeof key === 'string' && 'value' in descriptor && descriptor.value !== undefined) {
      setAttribute(target, key, descriptor.value, kindOf(target, key, descriptor.value))
      return true
    }
    return Reflect.defineProperty(target, key, descriptor)
  },
  deleteProperty(target, key) {
    if (typeof key === 'string') {
      target._parameters.delete(key)
      target._buffers.delete(key)
      target._nonPersistentBuffers.delete(key)
      target._modules.delete(key)
    }
    return Reflect.deleteProperty(target, key)
  },
}

function kindOf(module: Module, name: string, value: unknown): Kind {
  if (value instanceof Parameter) return 'parameter'
  if (value instanceof Module) return 'module'
  if (module._parameters.has(name)) {
    if (value !== null) {
      throw new Error(
        `cannot assign '${describe(value)}' as parameter '${name}' (Parameter or null expected)`,
      )
    }
    return 'parameter'
  }
  if (module._buffers.has(name)) {
    if (value !== null && !(value instanceof Tensor)) {
      throw new Error(
        `cannot assign '${describe(value)}' as buffer '${name}' (Tensor or null expected)`,
      )
    }
    return 'buffer'
  }
  if (module._modules.has(name)) {
    if (value !== null)
      throw new Error(
        `cannot assign '${describe(value)}' as child module '${name}' (Module or null expected)`,
      )
    return 'module'
  }
  return 'plain'
}

function setAttribute(module: Module, name: string, value: unknown, kind: Kind): void {
  // A name lives in one registry at a time; re-assigning keeps its position (Map order).
  if (kind !== 'parameter') module._parameters.delete(name)
  if (kind !== 'buffer') {
    module._buffers.delete(name)
    module._nonPersistentBuffers.delete(name)
  }
  if (kind !== 'module') module._modules.delete(name)
  if (kind === 'parameter') module._parameters.set(name, value as Parameter | null)
  else if (kind === 'buffer') module._buffers.set(name, value as Tensor | null)
  else if (kind === 'module') module._modules.set(name, value as Module | null)
  const raw = (module as unknown as Record<symbol, object>)[RAW]
  Object.defineProperty(raw, name, { value, writable: true, enumerable: true, configurable: true })
}

function checkName(module: Module, op: string, name: string, own: Map<string, unknown>): void {
  if (typeof name !== 'string')
    throw new Error(`${op}: name should be a string, got ${describe(name)}`)
  if (name === '') throw new Error(`${op}: name can't be empty string ""`)
  if (name.includes('.')) throw new Error(`${op}: name can't contain ".", got "${name}"`)
  const existing = (module as unknown as Record<string, unknown>)[name]
  if (name in module && existing !== undefined && !own.has(name) && !isRegistered(module, name)) {
    throw new Error(`${op}: attribute '${name}' already exists`)
  }
}

function isRegistered(module: Module, name: string): boolean {
  return module._parameters.has(name) || module._buffers.has(name) || module._modules.has(name)
}

function isAccessor(target: object, key: string): boolean {
  for (let o: object | null = target; o !== null; o = Object.getPrototypeOf(o)) {
    const d = Object.getOwnPropertyDescriptor(o, key)
    if (d) return d.get !== undefined || d.set !== undefined
  }
  return false
}

function join(prefix: string, name: string): string {
  return prefix === '' ? name : `${prefix}.${name}`
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i])
}

function isFloatingDType(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64'
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (value instanceof Tensor) return `Tensor(${value.dtype}, [${value.shape.join(', ')}])`
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object'
  return typeof value
}
