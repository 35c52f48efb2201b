import { readFile } from 'node:fs/promises'
import { saveFile } from '@othergrad/nn/node'
import { checkpointContents, parseCheckpoint, type CheckpointRun } from './checkpoint'
import type { LoadedCheckpoint } from './checkpoint'

/** Writes model and optimizer state atomically (temporary file, then rename). */
export async function saveCheckpoint(path: string, run: CheckpointRun): Promise<void> {
  const { tensors, metadata } = checkpointContents(run)
  await saveFile(tensors, path, metadata)
}

/** Reads a checkpoint; a missing, truncated or foreign file is a one-line error naming the path. */
export async function loadCheckpoint(path: string): Promise<LoadedCheckpoint> {
  let bytes: Uint8Array
  try {
    bytes = await readFile(path)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    throw new Error(
      `checkpoint: ${path}: ${code === 'ENOENT' ? 'file not found' : (e as Error).message}`,
    )
  }
  return parseCheckpoint(bytes, path)
}
