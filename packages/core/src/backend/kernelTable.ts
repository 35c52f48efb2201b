import { fail } from '../check'
import type { CoreKernels, FusedKernelRows, Kernel } from './kernels'

/**
 * One backend instance's kernels by op name: its primitives, its fused kernels and the kernels
 * operator packages add. Each row remembers who added it, so a second claim on an op is an
 * error naming both. Core's `runForward` is the only place that looks a kernel up.
 */
export class KernelTable {
  private readonly kernels = new Map<string, Kernel<never>>()
  private readonly owners = new Map<string, string>()
  private readonly strided = new Set<string>()

  /** @param backend the backend's name, for messages */
  constructor(readonly backend: string) {}

  /** The kernel for `op`, or undefined when this backend has none. */
  get(op: string): Kernel<never> | undefined {
    return this.kernels.get(op)
  }

  has(op: string): boolean {
    return this.kernels.has(op)
  }

  /**
   * Whether the kernel for `op` reads its inputs' strides and offsets; other kernels get every
   * view copied to plain row-major storage first.
   */
  isStrided(op: string): boolean {
    return this.strided.has(op)
  }

  /** Who added the kernel for `op` (a package name). */
  ownerOf(op: string): string | undefined {
    return this.owners.get(op)
  }

  /** The ops this table has kernels for. */
  ops(): string[] {
    return [...this.kernels.keys()]
  }

  /**
   * Adds the kernel for `op`; an op that already has one is an error naming both owners.
   * `strided`: it reads `TensorInfo.strides`/`offset`, so views reach it without a copy.
   */
  add<A>(op: string, kernel: Kernel<A>, owner: string, options: { strided?: boolean } = {}): void {
    const current = this.owners.get(op)
    if (current !== undefined) {
      fail(
        'use',
        `op '${op}' already has a kernel on backend '${this.backend}' (from '${current}'); '${owner}' cannot add another`,
      )
    }
    if (typeof kernel !== 'function') {
      fail(
        'use',
        `the kernel for op '${op}' from '${owner}' must be a function, got ${typeof kernel}`,
      )
    }
    this.kernels.set(op, kernel as Kernel<never>)
    this.owners.set(op, owner)
    if (options.strided) this.strided.add(op)
  }

  /** Replaces the kernel for `op` (the same owner's placeholder while its real kernel is made). */
  replace<A>(op: string, kernel: Kernel<A>): void {
    this.kernels.set(op, kernel as Kernel<never>)
  }
}

/** A backend's own rows: every core primitive (a missing one is a type error), any fused kernels. */
export type BackendKernelRows = CoreKernels &
  Partial<FusedKernelRows> &
  Readonly<Record<string, Kernel<never> | undefined>>

/**
 * A backend's table from its rows, all owned by `owner` (the backend package); `strided` lists
 * the rows that read their inputs' strides (`contiguous` and `assign` always do).
 *
 * @example
 * kernelTable('cpu', '@othergrad/backend-cpu', { ...primitiveRows(families), linear })
 */
export function kernelTable(
  backend: string,
  owner: string,
  rows: BackendKernelRows,
  options: { strided?: readonly string[] } = {},
): KernelTable {
  const table = new KernelTable(backend)
  const strided = new Set([...STRIDED_CORE_ROWS, ...(options.strided ?? [])])
  for (const op of Object.keys(rows)) {
    const kernel = rows[op]
    if (kernel !== undefined) table.add(op, kernel, owner, { strided: strided.has(op) })
  }
  return table
}

/** Core rows that exist to read strided views: always strided. */
const STRIDED_CORE_ROWS = ['clone', 'contiguous', 'assign']
