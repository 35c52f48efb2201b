import { Linear, ReLU, Sequential } from '@othergrad/nn'

/** 784 → hidden ReLU layers → 10 logits. */
export function buildMlp(hidden: readonly number[]): Sequential {
  const layers = []
  let width = 784
  for (const h of hidden) {
    layers.push(new Linear(width, h), new ReLU())
    width = h
  }
  layers.push(new Linear(width, 10))
  return new Sequential(...layers)
}
