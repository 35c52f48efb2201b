import type { PageServer } from './server'
import { launchChromium } from './chromium'
import {
  entryFor,
  REPORT_BINDING,
  TASK_GLOBAL,
  type BrowserTask,
  type PageReport,
} from './protocol'
import { RendererMemorySampler } from './rendererMemory'

/** How one page went: its report (null when it gave none), and what the bench saw from outside. */
export interface PageOutcome {
  report: PageReport | null
  /** Why there is no report (timeout, crash, a page that failed to load). */
  failure?: string
  /** Chromium's version, as the browser reports it. */
  browserVersion: string
  /** The renderer processes' peak RSS, sampled from /proc; null where it cannot be read. */
  peakRendererRss: number | null
  /** Page errors and console errors, for the log. */
  console: string[]
}

/**
 * Runs one task in a Chromium of its own (a fresh renderer: no memory or JIT state from another
 * row) on a page of `server`, and waits for its report, a crash or `timeoutSeconds`.
 */
export async function runTaskInChromium(
  server: PageServer,
  task: BrowserTask,
  timeoutSeconds: number,
  extraArgs: readonly string[] = [],
): Promise<PageOutcome> {
  const chromium = await launchChromium(extraArgs)
  const sampler = chromium.pid === null ? null : new RendererMemorySampler(chromium.pid)
  const lines: string[] = []
  let timer: NodeJS.Timeout | undefined
  try {
    const page = await chromium.browser.newPage()
    let answer!: (outcome: { report: PageReport | null; failure?: string }) => void
    const answered = new Promise<{ report: PageReport | null; failure?: string }>(
      (resolve) => (answer = resolve),
    )
    // An uncaught error ends the measurement, as it ends a Node child.
    page.on('pageerror', (e) => {
      lines.push(`page error: ${e.message}`)
      answer({ report: null, failure: `page error: ${e.message}` })
    })
    page.on('console', (m) => {
      if (m.type() === 'error') lines.push(`page console: ${m.text()}`)
    })
    page.on('crash', () => answer({ report: null, failure: 'the page crashed (out of memory?)' }))
    await page.exposeFunction(REPORT_BINDING, (json: string) =>
      answer({ report: JSON.parse(json) as PageReport }),
    )
    await page.addInitScript(
      ([name, value]) => {
        ;(globalThis as Record<string, unknown>)[name] = JSON.parse(value)
      },
      [TASK_GLOBAL, JSON.stringify(task)] as const,
    )
    timer = setTimeout(
      () => answer({ report: null, failure: `killed after ${timeoutSeconds} s (--timeout)` }),
      timeoutSeconds * 1000,
    )
    await page.goto(server.pageUrl(entryFor(task.spec)))
    const outcome = await answered
    if (!outcome.report && !outcome.failure) outcome.failure = 'no report'
    return {
      ...outcome,
      failure: outcome.report
        ? undefined
        : [outcome.failure, ...lines.slice(-3)].filter(Boolean).join(' | '),
      browserVersion: chromium.browser.version(),
      peakRendererRss: sampler?.stop() ?? null,
      console: lines,
    }
  } finally {
    clearTimeout(timer)
    sampler?.stop()
    await chromium.close()
  }
}
