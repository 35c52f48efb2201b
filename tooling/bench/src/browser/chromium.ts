import { existsSync } from 'node:fs'
import { chromium, type Browser, type BrowserServer } from 'playwright-core'

/** The repository's usual headless flags (see test-utils' runInChromium). */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

/** The system Chromium (Debian's), or CHROMIUM_PATH; never a downloaded browser. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
}

/** A Chromium of its own for one measurement, and its process id (for the renderer's memory). */
export interface LaunchedChromium {
  browser: Browser
  pid: number | null
  close(): Promise<void>
}

/** Starts the system Chromium headless; throws, saying what to install, when there is none. */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<LaunchedChromium> {
  const executablePath = chromiumPath()
  if (!existsSync(executablePath)) {
    throw new Error(
      `bench: no Chromium at ${executablePath}; install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH`,
    )
  }
  const server: BrowserServer = await chromium.launchServer({
    executablePath,
    args: [...extraArgs, ...CHROMIUM_ARGS],
  })
  const browser = await chromium.connect(server.wsEndpoint())
  return {
    browser,
    pid: server.process().pid ?? null,
    async close() {
      await browser.close().catch(() => {})
      await server.close()
    },
  }
}
