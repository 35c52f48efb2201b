import { readFile } from 'node:fs/promises'
import { gunzipSync } from 'node:zlib'
import { isGzip, parseIdx, type IdxTensor } from './idx'

/**
 * Reads an IDX file (plain or gzip) from disk; errors name the path and what was wrong.
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
  if (isGzip(bytes)) {
    try {
      bytes = gunzipSync(bytes)
    } catch (e) {
      throw new Error(`idx: ${path}: corrupt gzip data (${(e as Error).message})`)
    }
  }
  return parseIdx(bytes, path)
}
