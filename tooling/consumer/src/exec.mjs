/** Runs a command to completion, capturing its output; rejects with that output on failure. */
import { spawn } from 'node:child_process'

/**
 * @typedef {object} ExecResult
 * @property {number} code
 * @property {string} stdout
 * @property {string} stderr
 */

/**
 * Runs `command args` in `cwd`. Resolves with the output when it exits 0 (or always, with
 * `allowFailure`); otherwise rejects with an error holding the command and both outputs.
 *
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, env?: Record<string, string | undefined>, allowFailure?: boolean, timeoutMs?: number, input?: string }} [options]
 * @returns {Promise<ExecResult>}
 */
export function exec(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    if (options.input !== undefined) {
      child.stdin.on('error', () => {}) // a child that exits without reading its input
      child.stdin.end(options.input)
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 5 * 60 * 1000)
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      const result = { code: code ?? 1, stdout, stderr }
      if (result.code === 0 || options.allowFailure) return resolve(result)
      const how = signal ? `was killed (${signal})` : `exited with ${code}`
      const output = [stdout.trim(), stderr.trim()].filter(Boolean).join('\n')
      reject(new Error(`${command} ${args.join(' ')} ${how}${output ? `:\n${output}` : ''}`))
    })
  })
}
