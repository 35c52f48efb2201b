import type { Tensor } from '@othergrad/core'
import { Module } from '../module'

/** A module whose forward takes one tensor and returns one, as `Sequential` chains them. */
interface UnaryModule {
  forward(x: Tensor): Tensor
}

/**
 * Runs its children in order, each on the previous one's output, like `torch.nn.Sequential`.
 * Children are named `0`, `1`, ... (or by the keys of an object), so state-dict keys match
 * PyTorch's (`0.weight`).
 *
 * @example
 * const model = new Sequential(new Linear(784, 128), new ReLU(), new Linear(128, 10))
 * const logits = model.forward(x)
 */
export class Sequential extends Module {
  constructor(...modules: Module[] | [Record<string, Module>]) {
    super()
    const first = modules[0]
    if (
      modules.length === 1 &&
      !(first instanceof Module) &&
      typeof first === 'object' &&
      first !== null
    ) {
      for (const [name, m] of Object.entries(first)) this.registerModule(name, m)
    } else {
      ;(modules as Module[]).forEach((m, i) => this.registerModule(String(i), m))
    }
  }

  /** Number of children. */
  get length(): number {
    return this._modules.size
  }

  /** The child at `index` (negative counts from the end), like `model[i]`. */
  at(index: number): Module {
    const list = [...this._modules.values()]
    const i = index < 0 ? index + list.length : index
    if (!Number.isInteger(i) || i < 0 || i >= list.length) {
      throw new Error(`Sequential: index ${index} is out of range`)
    }
    return list[i]!
  }

  /** Adds `module` at the end. */
  append(module: Module): this {
    this.registerModule(String(this._modules.size), module)
    return this
  }

  /** The layers in order, as iterating an `nn.Sequential` gives them. */
  [Symbol.iterator](): Iterator<Module> {
    return this.children()[Symbol.iterator]()
  }

  forward(x: Tensor): Tensor {
    for (const m of this._modules.values()) if (m) x = (m as unknown as UnaryModule).forward(x)
    return x
  }
}
