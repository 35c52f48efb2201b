import type { SimdVariant } from '../args'
import type { ChildReport } from '../protocol'
import type { BrowserSpec } from './plan'

/** What the bench hands a page: one implementation, one workload (a ChildTask without files). */
export interface BrowserTask {
  spec: BrowserSpec
  workload: string
  mode: 'quick' | 'full'
  budgetSeconds: number
}

/** What the page knows about itself, reported with every answer. */
export interface PageFacts {
  crossOriginIsolated: boolean
  hardwareConcurrency: number
  userAgent: string
}

/** A page's answer: the child's report, the kernel variant that ran (othergrad), and the page. */
export type PageReport = ChildReport & { simd?: SimdVariant; page: PageFacts }

/** The page script finds its task here (set before it loads). */
export const TASK_GLOBAL = '__othergradBenchTask'

/** The function the bench exposes to the page for its answer (a JSON string). */
export const REPORT_BINDING = 'othergradBenchReport'

/** The page scripts the bench bundles, by the library they load. */
export const PAGE_ENTRIES = ['othergrad', 'webgpu', 'tfjs'] as const
export type PageEntry = (typeof PAGE_ENTRIES)[number]

/** The page script a spec runs in. */
export function entryFor(spec: BrowserSpec): PageEntry {
  if (spec.impl === 'tfjs') return 'tfjs'
  return spec.backend === 'webgpu' ? 'webgpu' : 'othergrad'
}

/** Chromium flags a spec's page needs (WebGPU is behind a flag in headless Chromium on Linux). */
export function chromiumFlagsFor(spec: BrowserSpec): string[] {
  return spec.backend === 'webgpu' ? ['--enable-unsafe-webgpu'] : []
}
