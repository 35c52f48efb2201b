/**
 * Checks on what a tarball publishes: its package.json's `exports`, `files` and dependency
 * ranges, read from the tarball itself (after pnpm pack rewrote the workspace ranges).
 */

const CORE = '@othergrad/core'

/**
 * Problems with one packed package, as sentences (empty when it is fine).
 *
 * @param {import('./pack.mjs').PackedPackage} pkg
 * @param {import('./pack.mjs').PackedPackage[]} all Every packed package, for internal ranges.
 * @returns {string[]}
 */
export function manifestProblems(pkg, all) {
  const { manifest: m, files } = pkg
  const problems = []
  const has = (path) => {
    const p = path.replace(/^\.\//, '')
    if (p.includes('*')) {
      const prefix = p.slice(0, p.indexOf('*'))
      return files.some((f) => f.startsWith(prefix))
    }
    return files.includes(p)
  }

  if (m.type !== 'module') problems.push(`"type" is ${JSON.stringify(m.type)}, not "module"`)
  if (m.sideEffects === undefined) problems.push('no "sideEffects" field')
  if (typeof m.license !== 'string') problems.push('no "license"')
  if (typeof m.description !== 'string') problems.push('no "description"')
  if (!files.includes('README.md')) problems.push('no README.md in the tarball')
  const tests = files.filter((f) => /\.test(-d)?\.ts$/.test(f))
  if (tests.length > 0) problems.push(`test files published: ${tests.slice(0, 3).join(', ')}`)
  for (const field of ['main', 'module', 'types']) {
    if (m[field] !== undefined && !has(m[field]))
      problems.push(`"${field}" ${m[field]} is not in the tarball`)
  }

  if (m.exports === undefined) problems.push('no "exports"')
  else {
    if (!('./package.json' in m.exports)) problems.push('"exports" hides ./package.json')
    for (const [subpath, target] of Object.entries(m.exports)) {
      for (const problem of targetProblems(target, has))
        problems.push(`exports["${subpath}"]: ${problem}`)
      // Without it Node loads the ES module build for import and the CJS build for require: two
      // copies of the package in one program (an operator package would define its ops twice).
      if (
        target !== null &&
        typeof target === 'object' &&
        'import' in target &&
        'require' in target &&
        !('node' in target)
      )
        problems.push(
          `exports["${subpath}"] has no "node" condition (import and require would load two copies in Node)`,
        )
    }
  }

  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    for (const [name, range] of Object.entries(m[field] ?? {})) {
      if (String(range).startsWith('workspace:')) problems.push(`${field}.${name} is ${range}`)
      const internal = all.find((p) => p.name === name)
      if (internal && !satisfies(internal.version, range)) {
        problems.push(`${field}.${name} ${range} does not accept the packed ${internal.version}`)
      }
    }
  }
  if (m.name !== CORE) {
    if (!m.peerDependencies?.[CORE]) problems.push(`${CORE} is not a peerDependency`)
    if (m.dependencies?.[CORE]) problems.push(`${CORE} is a dependency (two cores could meet)`)
  } else if (Object.keys(m.dependencies ?? {}).length > 0) {
    problems.push(`core has run-time dependencies: ${Object.keys(m.dependencies).join(', ')}`)
  }
  return problems
}

/** Problems with one `exports` target: missing files, or `types` not first in its conditions. */
function targetProblems(target, has) {
  if (target === null) return []
  if (typeof target === 'string') return has(target) ? [] : [`${target} is not in the tarball`]
  const problems = []
  const keys = Object.keys(target)
  if (
    keys.includes('types') &&
    keys[0] !== 'types' &&
    !(keys[0] === 'source' && keys[1] === 'types')
  ) {
    problems.push(`"types" must come first among ${keys.join(', ')}`)
  }
  if (keys.includes('default') && keys[keys.length - 1] !== 'default') {
    problems.push(`"default" must come last among ${keys.join(', ')}`)
  }
  for (const [condition, value] of Object.entries(target)) {
    for (const p of targetProblems(value, has)) problems.push(`${condition}: ${p}`)
  }
  return problems
}

/**
 * Whether `version` satisfies `range`, for the ranges the workspace writes: `*`, `x.y.z`,
 * `^x.y.z`, `~x.y.z`, `>=x.y.z`.
 */
export function satisfies(version, range) {
  const v = parse(version)
  if (range === '*' || range === '') return true
  const match = /^(\^|~|>=)?(\d+\.\d+\.\d+)$/.exec(range.trim())
  if (!match || !v) return false
  const [, op, base] = match
  const r = parse(base)
  const cmp = compare(v, r)
  if (op === undefined) return cmp === 0
  if (op === '>=') return cmp >= 0
  if (cmp < 0) return false
  if (op === '~') return v[0] === r[0] && v[1] === r[1]
  // ^: the left-most non-zero part is fixed
  if (r[0] > 0) return v[0] === r[0]
  if (r[1] > 0) return v[0] === 0 && v[1] === r[1]
  return v[0] === 0 && v[1] === 0 && v[2] === r[2]
}

function parse(version) {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(version)
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null
}

function compare(a, b) {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i]
  return 0
}

/**
 * The import specifiers a package's `exports` offers (`@othergrad/nn`, `@othergrad/nn/node`),
 * without wildcards and `./package.json`.
 *
 * @param {import('./pack.mjs').PackedPackage} pkg
 * @returns {string[]}
 */
export function entryPoints(pkg) {
  return Object.keys(pkg.manifest.exports ?? { '.': null })
    .filter((s) => s !== './package.json' && !s.includes('*'))
    .map((s) => (s === '.' ? pkg.name : `${pkg.name}/${s.slice(2)}`))
}
