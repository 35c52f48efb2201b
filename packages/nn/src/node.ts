/**
 * `@othergrad/nn/node`: safetensors files on disk, for Node. Kept apart from the main entry so
 * browser bundles never see `node:fs`.
 */
import { randomBytes } from 'node:crypto'
import { open, readdir, readFile, rename, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { Tensor } from '@othergrad/core'
import { loadSafetensors, saveSafetensors, type LoadSafetensorsOptions } from './safetensors'

/**
 * Writes named tensors (a state dict) to a safetensors file that PyTorch's `safetensors` reads,
 * like `safetensors.torch.save_file`. The bytes go to a temporary file beside `filename`, which
 * is flushed to disk and then renamed over it, so a crash never leaves a half-written checkpoint
 * in place of a good one. Temporaries that interrupted saves of the same file left behind (their
 * process is gone) are removed after a save succeeds.
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
  await removeStaleTemporaries(filename)
}

/** Deletes `<filename>.<pid>.<hex>.tmp` files whose process no longer runs. */
async function removeStaleTemporaries(filename: string): Promise<void> {
  const directory = dirname(filename)
  let names: string[]
  try {
    names = await readdir(directory)
  } catch {
    return
  }
  const prefix = `${basename(filename)}.`
  for (const name of names) {
    if (!name.startsWith(prefix)) continue
    const match = /^(\d+)\.[0-9a-f]{12}\.tmp$/.exec(name.slice(prefix.length))
    if (!match) continue
    const pid = Number(match[1])
    if (pid === process.pid || processRuns(pid)) continue
    await unlink(join(directory, name)).catch(() => undefined)
  }
}

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it runs, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
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
