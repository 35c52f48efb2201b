import { preview } from 'vite'
import { launchChromium } from '@othergrad/test-utils/browser'
const server = await preview({ configFile: 'vite.config.ts', preview: { port: 0, host: '127.0.0.1' } })
const url = server.resolvedUrls.local[0]
const browser = await launchChromium(['--enable-unsafe-webgpu'])
const page = await browser.newPage()
page.on('console', (m) => console.log('console', m.text()))
page.on('pageerror', (e) => console.log('pageerror', e.message))
await page.goto(`${url}?train=2000&test=${process.env.TEST ?? '20'}`)
await page.waitForSelector('#status[data-phase=ready]')
const t0 = Date.now()
const log = async (what) => console.log(((Date.now() - t0) / 1000).toFixed(1), what, await page.locator('#stat-step').getAttribute('data-value'), await page.locator('#stat-loss').innerText(), await page.locator('#status').innerText(), await page.locator('#errors').innerText())
await page.selectOption('#model', process.env.MODEL ?? 'cnn')
await page.fill('#batch-size', process.env.BATCH ?? '32')
await page.selectOption('#backend', process.env.BACKEND ?? 'wasm')
if ((process.env.BACKEND ?? 'wasm') === 'wasm') await page.selectOption('#threads', '2')
await page.click('#start')
for (let i = 0; i < Number(process.env.SECS ?? 30); i++) {
  if (i === Number(process.env.PAUSE_AT ?? -1)) { await page.click('#pause'); console.log('pause clicked') }
  console.log('acc', await page.locator('#stat-accuracy').getAttribute('data-step'), await page.locator('#stat-accuracy').innerText()); await new Promise(r => setTimeout(r, 1000)); await log('t') }
await browser.close(); await server.close()
