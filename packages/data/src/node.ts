import { readFile } from 'node:fs/promises'
import { decodeIdx, type IdxTensor } from './idx'

/**
 * Reads an IDX file (plain or gzip) from disk; errors name the path and what was wrong. A gzip
 * is decompressed no further than its header declares.
 *
 * @example
 * const labels = await readIdxFile('data/train-labels-idx1-ubyte.gz')
 */
export async function readIdxFile(path: string): Promise<IdxTensor> {
  let bytes: Uint8Array
  try {
    bytes = await readFile(path)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    throw new Error(`idx: ${path}: ${code === 'ENOENT' ? 'file not found' : (e as Error).message}`)
  }
  // decodeIdx stops gunzipping once the output outgrows the header's size.
  return decodeIdx(bytes, path)
}
