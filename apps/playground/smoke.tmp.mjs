import { createServer } from 'vite'
import { launchChromium } from '@othergrad/test-utils/browser'
const root = '/work/wt/playground/apps/playground'
const server = await createServer({
  root,
  configFile: root + '/vite.config.ts',
  server: { port: 0, host: '127.0.0.1' },
})
await server.listen()
const url = server.resolvedUrls.local[0]
console.log(url)
for (const args of [[], ['--enable-unsafe-webgpu']]) {
  const browser = await launchChromium(args)
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } })
  page.on('pageerror', (e) => console.log('pageerror', e.message))
  page.on('console', (m) => {
    if (m.type() !== 'debug') console.log('console', m.type(), m.text())
  })
  if (args.length) {
    await page.route(
      (u) => new URL(u).pathname === '/',
      async (route) => {
        const response = await route.fetch()
        const headers = { ...response.headers() }
        delete headers['cross-origin-opener-policy']
        delete headers['cross-origin-embedder-policy']
        await route.fulfill({ response, headers })
      },
    )
  }
  await page.goto(url + '?train=2000&test=500')
  await page.waitForSelector('#status[data-phase=ready]', { timeout: 60000 })
  console.log(
    args,
    'isolated',
    await page.evaluate(() => crossOriginIsolated),
    'notes:',
    await page.locator('#notes').innerText(),
    '| reason:',
    await page.locator('#backend-reason').innerText(),
    '| threads',
    await page.locator('#threads option').count(),
  )
  await page.click('#start')
  await page.waitForFunction(
    () => Number(document.querySelector('#stat-step').dataset.value) >= 20,
    null,
    { timeout: 60000 },
  )
  console.log(await page.locator('#stat-backend').innerText())
  await page.screenshot({ path: `/tmp/pg/dev${args.length}.png` })
  await browser.close()
}
await server.close()
