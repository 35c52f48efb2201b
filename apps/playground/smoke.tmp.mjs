import { preview } from 'vite'
import { launchChromium } from '@othergrad/test-utils/browser'
const root = '/work/wt/playground/apps/playground'
const server = await preview({
  root,
  configFile: root + '/vite.config.ts',
  preview: { port: 0, host: '127.0.0.1' },
})
const url = server.resolvedUrls.local[0]
console.log(url)
const browser = await launchChromium(['--enable-unsafe-webgpu'])
const page = await browser.newPage({ viewport: { width: 1200, height: 1400 } })
page.on('console', (m) => console.log('console', m.type(), m.text()))
page.on('pageerror', (e) => console.log('pageerror', e.message))
await page.goto(url + '?train=6000&test=1000')
await page.waitForSelector('#status[data-phase=ready]', { timeout: 30000 })
console.log('notes', await page.locator('#notes').innerText())
await page.selectOption('#model', 'mlp-128')
await page.fill('#epochs', '20')
await page.click('#start')
await page.waitForFunction(
  () => Number(document.querySelector('#stat-step').dataset.value) >= 300,
  null,
  { timeout: 60000 },
)
console.log('stats', await page.locator('#stats').innerText())
await page.screenshot({ path: '/tmp/pg/shot1.png', fullPage: true })
await page.selectOption('#backend', 'webgpu')
await page.waitForFunction(
  () => document.querySelector('#stat-backend').dataset.value === 'webgpu',
  null,
  { timeout: 60000 },
)
const s0 = Number(await page.locator('#stat-step').getAttribute('data-value'))
await page.waitForFunction(
  (s0) => Number(document.querySelector('#stat-step').dataset.value) >= s0 + 20,
  s0,
  { timeout: 120000 },
)
console.log('stats', await page.locator('#stats').innerText())
console.log('errors', await page.locator('#errors').innerText())
await page.screenshot({ path: '/tmp/pg/shot2.png', fullPage: true })
await browser.close()
await server.close()
