import { where, type Tensor } from '@othergrad/core'

/**
 * Looks up rows of `weight` for int32 indices of any shape, like `F.embedding`: the result has
 * shape `[...input.shape, embeddingDim]`. Rows looked up at `paddingIdx` get no gradient.
 */
export function embedding(input: Tensor, weight: Tensor, paddingIdx: number | null = null): Tensor {
  if (input.dtype !== 'int32') {
    throw new Error(`embedding: expected input to be int32 indices, got ${input.dtype}`)
  }
  if (weight.ndim !== 2)
    throw new Error(
      `embedding: weight must be 2-D [num_embeddings, embedding_dim], got shape [${weight.shape.join(', ')}]`,
    )
  const rows = weight.indexSelect(0, input.reshape([-1])).reshape([...input.shape, weight.shape[1]])
  if (paddingIdx === null) return rows
  const pad = paddingIdx < 0 ? paddingIdx + weight.shape[0] : paddingIdx
  return where(input.eq(pad).unsqueeze(-1), rows.detach(), rows)
}
