import type { Tensor } from './tensor'
import { formatShape } from './shape'

const MAX_ELEMENTS = 1000

/** `tensor([[1, 2], [3, 4]], dtype=float32)`-style text, like PyTorch's repr. */
export function formatTensor(t: Tensor): string {
  const suffix = `${t.dtype === 'float32' ? '' : `, dtype=${t.dtype}`}${t.gradFn ? `, gradFn=<${t.gradFn.name}>` : t.requiresGrad ? ', requiresGrad=true' : ''}`
  if (t.isDisposed) return `tensor(<disposed> shape=${formatShape(t.shape)}${suffix})`
  if (!t.backend.readSync || t.size > MAX_ELEMENTS) {
    return `tensor(<${t.backend.name}> shape=${formatShape(t.shape)}${suffix})`
  }
  const values = t.dataSync()
  const fmt = (v: number): string => {
    if (t.dtype === 'bool') return v ? 'true' : 'false'
    if (t.dtype === 'int32' || Number.isInteger(v)) return String(v)
    return Number(v.toPrecision(5)).toString()
  }
  const build = (dim: number, offset: number, stride: number): string => {
    if (dim === t.ndim) return fmt(values[offset])
    const inner = stride / t.shape[dim]
    const parts: string[] = []
    for (let i = 0; i < t.shape[dim]; i++) parts.push(build(dim + 1, offset + i * inner, inner))
    return `[${parts.join(dim === t.ndim - 1 ? ', ' : ',\n' + ' '.repeat(8 + dim))}]`
  }
  return `tensor(${build(0, 0, t.size)}${suffix})`
}
