/**
 * Moves a model and its optimizer to another backend by state dict: a new model and optimizer
 * are built on the target and loaded with copies of the old ones' tensors. Kept apart so that
 * `await model.to(name)` (which moves parameters in place, optimizer state following) replaces
 * this file alone once core has it.
 */
import { setBackend, Tensor } from '@othergrad/core'
import type { Module } from '@othergrad/nn'

interface StatefulOptimizer {
  stateDict(): { state: Record<number, Record<string, unknown>>; paramGroups: unknown[] }
  loadStateDict(state: never): void
}

/** Copies every tensor inside a state value to backend `name`. */
async function moveValue(value: unknown, name: string): Promise<unknown> {
  if (value instanceof Tensor) return value.to(name)
  if (Array.isArray(value)) return Promise.all(value.map((v) => moveValue(v, name)))
  if (value !== null && typeof value === 'object') {
    const entries = await Promise.all(
      Object.entries(value).map(async ([k, v]) => [k, await moveValue(v, name)] as const),
    )
    return Object.fromEntries(entries)
  }
  return value
}

/**
 * The model and optimizer rebuilt on backend `name` (which becomes the active one) with the
 * same parameters and optimizer state; training continues where it was.
 */
export async function moveTraining<M extends Module, O extends StatefulOptimizer>(
  run: { model: M; optimizer: O },
  name: string,
  rebuild: { model: () => M; optimizer: (params: Tensor[]) => O },
): Promise<{ model: M; optimizer: O }> {
  const modelState = (await moveValue(run.model.stateDict(), name)) as Record<string, Tensor>
  const optimizerState = await moveValue(run.optimizer.stateDict(), name)
  await setBackend(name)
  const model = rebuild.model()
  model.loadStateDict(modelState)
  const optimizer = rebuild.optimizer(model.parameters())
  optimizer.loadStateDict(optimizerState as never)
  if (run.model.training) model.train()
  else model.eval()
  return { model, optimizer }
}
