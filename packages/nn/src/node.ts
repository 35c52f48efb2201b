/**
 * `@othergrad/nn/node`: safetensors files on disk, for Node. Kept apart from the main entry so
 * browser bundles never see `node:fs`.
 */
import { randomBytes } from 'node:crypto'
import { open, readFile, rename, unlink } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { Tensor } from '@othergrad/core'
import { loadSafetensors, saveSafetensors, type LoadSafetensorsOptions } from './safetensors'

/**
 * Writes named tensors (a state dict) to a safetensors file that PyTorch's `safetensors` reads,
 * like `safetensors.torch.save_file`. The bytes go to a temporary file beside `filename`, which
 * is flushed to disk and then renamed over it, so a crash never leaves a half-written checkpoint
 * in place of a good one.
 *
 * @example
 * await saveFile(model.stateDict(), 'checkpoints/model.safetensors')
 */
export async function saveFile(
  tensors: Record<string, Tensor>,
  filename: string,
  metadata?: Record<string, string> | null,
): Promise<void> {
  const bytes = await saveSafetensors(tensors, metadata)
  const temporary = `${filename}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`
  try {
    const handle = await open(temporary, 'wx')
    try {
      await handle.writeFile(bytes)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(temporary, filename)
  } catch (error) {
    await unlink(temporary).catch(() => undefined)
    throw error
  }
  await syncDirectory(dirname(filename))
}

/** Makes the rename itself durable where the platform allows opening a directory. */
async function syncDirectory(directory: string): Promise<void> {
  try {
    const handle = await open(directory, 'r')
    try {
      await handle.sync()
    } finally {
      await handle.close()
    }
  } catch {
    // Not supported on every platform (Windows); the data itself is already synced.
  }
}

/**
 * Reads every tensor of a safetensors file (one written by PyTorch, or by `saveFile`), like
 * `safetensors.torch.load_file`. A truncated or corrupt file throws; nothing is half-loaded.
 *
 * @example
 * model.loadStateDict(await loadFile('model.safetensors'))
 */
export async function loadFile(
  filename: string,
  options: LoadSafetensorsOptions = {},
): Promise<Record<string, Tensor>> {
  const bytes = await readFile(filename)
  try {
    return loadSafetensors(bytes, options)
  } catch (error) {
    throw new Error(`${(error as Error).message} (${filename})`)
  }
}
