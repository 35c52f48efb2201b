import { matmul, setBackend, tensor, use } from '@othergrad/core'
import type { WasmBackend } from '../src/index'

/**
 * `[-1, 1 + 2^-12] · [1, 1 + 2^-12]`, whose exact value `2^-11 + 2^-24` float32 holds. Two
 * roundings (multiply, then add) lose the `2^-24`: `(1 + 2^-12)^2` rounds to `1 + 2^-11` first.
 * A fused multiply-add rounds once and keeps it.
 */
export const FUSED = 2 ** -11 + 2 ** -24
export const UNFUSED = 2 ** -11

/** The product above on `backend` (registered and selected here). */
export async function fusedProduct(backend: WasmBackend): Promise<number> {
  use(backend)
  await setBackend(backend.name)
  const e = 1 + 2 ** -12
  const a = tensor([[-1, e]])
  const b = tensor([[1], [e]])
  return matmul(a, b).itemSync()
}
