/**
 * A checklist runner: named steps that pass or fail with a reason, each timed, and a step whose
 * prerequisite failed is skipped rather than failing for the same cause twice. Ends with a
 * vitest-style ` Tests  N passed | N failed` line, which .ci/run's totals count.
 */
export class Steps {
  /** @type {{ name: string, status: 'passed' | 'failed' | 'skipped', seconds: number, reason?: string }[]} */
  results = []

  /**
   * Runs `fn` as the step `name` unless a step in `needs` did not pass.
   *
   * @param {string} name
   * @param {() => Promise<void | string>} fn Resolves (to an optional note) or throws.
   * @param {{ needs?: string[] }} [options]
   * @returns {Promise<boolean>} Whether it passed.
   */
  async run(name, fn, options = {}) {
    const missing = (options.needs ?? []).filter((n) => this.status(n) !== 'passed')
    if (missing.length > 0) {
      this.results.push({
        name,
        status: 'skipped',
        seconds: 0,
        reason: `needs ${missing.join(', ')}`,
      })
      console.log(`SKIP ${name} (needs ${missing.join(', ')})`)
      return false
    }
    const start = performance.now()
    try {
      const note = await fn()
      const seconds = (performance.now() - start) / 1000
      this.results.push({ name, status: 'passed', seconds })
      console.log(`PASS ${name} (${seconds.toFixed(1)} s)${note ? `: ${note}` : ''}`)
      return true
    } catch (error) {
      const seconds = (performance.now() - start) / 1000
      const reason = error instanceof Error ? error.message : String(error)
      this.results.push({ name, status: 'failed', seconds, reason })
      console.log(`FAIL ${name} (${seconds.toFixed(1)} s)\n  ${reason.split('\n').join('\n  ')}`)
      return false
    }
  }

  /** The status of a step run so far (undefined if it has not run). */
  status(name) {
    return this.results.find((r) => r.name === name)?.status
  }

  /** Prints the totals; returns true when nothing failed or was skipped. */
  summary() {
    const count = (s) => this.results.filter((r) => r.status === s).length
    const failed = this.results.filter((r) => r.status !== 'passed').map((r) => r.name)
    if (failed.length > 0) console.log(`\nNot passed: ${failed.join(', ')}`)
    const skipped = count('skipped')
    console.log(
      ` Tests  ${count('passed')} passed | ${count('failed')} failed${skipped ? ` | ${skipped} skipped` : ''}`,
    )
    return count('failed') === 0 && skipped === 0
  }
}
