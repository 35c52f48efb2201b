import type { TrainSettings } from '../protocol'

/** The largest batch offered: a batch of 784-pixel images this size is 12 MiB of float32. */
export const MAX_BATCH = 4096

/** Throws a one-line error for settings a run cannot use. */
export function checkSettings(settings: TrainSettings): void {
  const { lr, batchSize, epochs, seed, optimizer, model } = settings
  if (!(typeof lr === 'number' && lr > 0 && Number.isFinite(lr)))
    throw new Error(`learning rate: expected a positive number, got ${lr}`)
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH)
    throw new Error(`batch size: expected an integer from 1 to ${MAX_BATCH}, got ${batchSize}`)
  if (!Number.isInteger(epochs) || epochs < 1)
    throw new Error(`epochs: expected a positive integer, got ${epochs}`)
  if (!Number.isInteger(seed) || seed < 0)
    throw new Error(`seed: expected a non-negative integer, got ${seed}`)
  if (!['sgd', 'adam', 'adamw', 'adadelta'].includes(optimizer))
    throw new Error(`optimizer: expected sgd, adam, adamw or adadelta, got '${String(optimizer)}'`)
  const mlp =
    model.kind === 'mlp' &&
    Array.isArray(model.hidden) &&
    model.hidden.length > 0 &&
    model.hidden.every((h) => Number.isInteger(h) && h > 0)
  if (!mlp && model.kind !== 'cnn')
    throw new Error(
      `model: expected an MLP with positive hidden widths or the CNN, got ${JSON.stringify(model)}`,
    )
}
