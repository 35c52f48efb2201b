// Prints what templates/op-package (an operator package with kernels on three backends) takes,
// file by file and part by part, as the markdown table the top-level README shows:
// `node tooling/scripts/template-size.mjs`. Lines are every line (wc -l); code lines leave out
// blank lines and comments. The template test fails when the README's table is out of date.
import { readFileSync } from 'node:fs'

const root = new URL('../../templates/op-package/', import.meta.url)

/** The template's parts, in the order an author writes them. */
export const PARTS = [
  ['op definition + gradient', ['src/gelu.ts']],
  ['cpu kernel', ['src/kernels/cpu/gelu.ts']],
  ['wasm kernel (AssemblyScript SIMD)', ['assembly/gelu.ts', 'assembly/index.ts']],
  ['wasm glue + thread split + build', ['src/kernels/wasm/gelu.ts', 'scripts/build-wasm.mjs']],
  ['webgpu kernel (WGSL)', ['src/kernels/webgpu/gelu.ts']],
  ['registration (use(), x.gelu())', ['src/index.ts', 'src/methods.ts']],
  ['PyTorch fixture cases', ['tooling/cases.py']],
  [
    'tests (conformance cases, counters, Node, Chromium)',
    [
      'test/geluCases.ts',
      'test/countKernelCalls.ts',
      'test/checkBackend.ts',
      'test/gelu.test.ts',
      'test/browser/page.ts',
      'test/browser/run.mjs',
    ],
  ],
  ['package setup', ['package.json', 'tsconfig.json', 'tsup.config.ts', 'assembly/tsconfig.json']],
]

function count(file) {
  const lines = readFileSync(new URL(file, root), 'utf8').replace(/\n$/, '').split('\n')
  let inBlock = false
  let code = 0
  for (const raw of lines) {
    const line = raw.trim()
    if (inBlock) {
      if (line.includes('*/')) inBlock = false
      continue
    }
    if (line.startsWith('/*')) {
      inBlock = !line.includes('*/')
      continue
    }
    if (line === '' || line.startsWith('//') || line.startsWith('#')) continue
    code++
  }
  return { lines: lines.length, code }
}

/** The markdown table: one row per part, then the total. */
export function sizeTable() {
  const rows = ['| part | files | lines | code lines |', '| --- | --- | --- | --- |']
  let lines = 0
  let code = 0
  for (const [part, files] of PARTS) {
    const c = files.map(count)
    const l = c.reduce((n, x) => n + x.lines, 0)
    const k = c.reduce((n, x) => n + x.code, 0)
    lines += l
    code += k
    rows.push(`| ${part} | ${files.map((f) => `\`${f}\``).join(', ')} | ${l} | ${k} |`)
  }
  rows.push(`| **total** | | **${lines}** | **${code}** |`)
  return rows.join('\n')
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(sizeTable())
