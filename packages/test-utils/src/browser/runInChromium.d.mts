import type { Browser } from 'playwright-core'

export interface ChromiumRun {
  title: string
  entries: string[]
  fixtures?: string
  extraArgs?: string[]
  headers?: Record<string, string>
  timeoutMs?: number
}

export function runInChromium(
  options: ChromiumRun,
): Promise<{ passed: number; failed: number; skipped: number; ok: boolean }>

export function launchChromium(extraArgs?: string[]): Promise<Browser | undefined>
