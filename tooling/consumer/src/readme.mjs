/**
 * Runnable code blocks in the documentation. A fenced block whose info string has the word `run`
 * after its language (```` ```ts run ````) is a complete program: the consumer test type-checks
 * it with `tsc --strict` and runs it in Node as an ES module and as CommonJS, against the packed
 * packages. A block marked `vitest` (```` ```ts vitest ````) is a test file, run by vitest in a
 * project of its own. Blocks without either are fragments and are left alone.
 */
import { readFile } from 'node:fs/promises'
import { relative } from 'node:path'
import { transform } from 'esbuild'
import { repoRoot } from './workspace.mjs'

/**
 * @typedef {object} CodeBlock
 * @property {string} file The markdown file, relative to the repository.
 * @property {number} line The line of its opening fence.
 * @property {string} lang `ts` or `js`.
 * @property {string} code
 * @property {'node' | 'vitest'} kind How it runs.
 * @property {string} id A file-name-safe name: `packages-nn-README-1`.
 */

const FENCE = /^(\s*)(```+|~~~+)\s*([\w-]+)?([^\n]*)$/

/**
 * The runnable blocks of one markdown text.
 *
 * @param {string} markdown
 * @param {string} file Names the blocks.
 * @returns {CodeBlock[]}
 */
export function runnableBlocks(markdown, file) {
  const lines = markdown.split('\n')
  const blocks = []
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i])
    if (!open) continue
    const [, indent, fence, lang = '', rest] = open
    let end = i + 1
    while (end < lines.length && !lines[end].trimStart().startsWith(fence)) end++
    const words = rest.trim().split(/\s+/)
    const kind = words.includes('run') ? 'node' : words.includes('vitest') ? 'vitest' : undefined
    if ((lang === 'ts' || lang === 'js') && kind !== undefined) {
      const code = lines
        .slice(i + 1, end)
        .map((l) => l.slice(indent.length))
        .join('\n')
      const slug = file.replace(/\.md$/i, '').replace(/[^A-Za-z0-9]+/g, '-')
      blocks.push({ file, line: i + 1, lang, code, kind, id: `${slug}-${blocks.length + 1}` })
    }
    i = end
  }
  return blocks
}

/**
 * The runnable blocks of the given markdown files (absolute paths).
 *
 * @param {string[]} files
 * @returns {Promise<CodeBlock[]>}
 */
export async function collectBlocks(files) {
  const blocks = []
  for (const path of files) {
    blocks.push(...runnableBlocks(await readFile(path, 'utf8'), relative(repoRoot, path)))
  }
  return blocks
}

/**
 * The block as an ES module in JavaScript (types stripped).
 *
 * @param {CodeBlock} block
 * @returns {Promise<string>}
 */
export async function toEsm(block) {
  const result = await transform(block.code, {
    loader: block.lang,
    format: 'esm',
    target: 'es2022',
    sourcefile: `${block.file}:${block.line}`,
  })
  return result.code
}

/**
 * The block as a CommonJS script: its imports become `require` calls and the rest runs in an
 * async function (CommonJS has no top-level await), as a CommonJS user would write it.
 *
 * @param {CodeBlock} block
 * @returns {Promise<string>}
 */
export async function toCommonJs(block) {
  const esm = await toEsm(block)
  const requires = []
  const body = []
  for (const line of joinImports(esm.split('\n'))) {
    const named = /^import\s*\{([^}]*)\}\s*from\s*(["'][^"']+["']);?$/.exec(line)
    const star = /^import\s*\*\s*as\s+(\w+)\s+from\s*(["'][^"']+["']);?$/.exec(line)
    const bare = /^import\s*(["'][^"']+["']);?$/.exec(line)
    if (named) {
      const names = named[1]
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
        .map((s) => s.replace(/\s+as\s+/, ': '))
      requires.push(`const { ${names.join(', ')} } = require(${named[2]})`)
    } else if (star) {
      requires.push(`const ${star[1]} = require(${star[2]})`)
    } else if (bare) {
      requires.push(`require(${bare[1]})`)
    } else if (/^export\b/.test(line)) {
      throw new Error(`${block.file}:${block.line}: a runnable block exports nothing: ${line}`)
    } else if (/^import\b/.test(line)) {
      throw new Error(`${block.file}:${block.line}: cannot turn this import into require: ${line}`)
    } else {
      body.push(line)
    }
  }
  return [
    ...requires,
    'async function main() {',
    ...body.map((l) => (l ? `  ${l}` : l)),
    '}',
    'main().catch((error) => {',
    '  console.error(error)',
    '  process.exitCode = 1',
    '})',
    '',
  ].join('\n')
}

/** The lines, with each import statement that esbuild spread over several lines on one. */
function joinImports(lines) {
  const out = []
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]
    if (/^import\b/.test(line)) {
      while (
        !/from\s*["'][^"']+["'];?$|^import\s*["'][^"']+["'];?$/.test(line) &&
        i + 1 < lines.length
      ) {
        line += ` ${lines[++i].trim()}`
      }
    }
    out.push(line)
  }
  return out
}
