import { execFileSync } from 'node:child_process'
import os from 'node:os'

/** What every figure is stamped with: the machine, and how busy it was. */
export interface MachineInfo {
  cpu_model: string
  cores: number
  node_version: string
  platform: string
  arch: string
  total_memory_bytes: number
}

export function machineInfo(): MachineInfo {
  return {
    cpu_model: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    node_version: process.version,
    platform: os.platform(),
    arch: os.arch(),
    total_memory_bytes: os.totalmem(),
  }
}

/** The 1-minute load average: above the core count, figures are less trustworthy. */
export function loadAverage(): number {
  return Math.round(os.loadavg()[0] * 100) / 100
}

/** The commit the workspace is at, `+dirty` when it has changes; null outside git. */
export function gitCommit(cwd: string): string | null {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd,
      encoding: 'utf8',
    }).trim()
    const dirty =
      execFileSync('git', ['status', '--porcelain'], { cwd, encoding: 'utf8' }).trim() !== ''
    return dirty ? `${sha}+dirty` : sha
  } catch {
    return null
  }
}
