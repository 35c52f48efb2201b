import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { convCases } from '../src/conformance/index'

const dir = new URL('../fixtures/', import.meta.url)

describe("op-conv's fixtures", () => {
  it('each fixture case has a conformance case, and each case a fixture', () => {
    const ids = new Set<string>()
    for (const file of readdirSync(dir)) {
      const doc = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as { cases: object }
      for (const id of Object.keys(doc.cases)) ids.add(id)
    }
    const cases = new Set(convCases().flatMap((c) => (c.kind === 'op' ? [`${c.op}/${c.id}`] : [])))
    expect([...ids].filter((id) => !cases.has(id))).toEqual([])
    expect([...cases].filter((id) => !ids.has(id))).toEqual([])
    expect(ids.size).toBe(44)
  })
})
