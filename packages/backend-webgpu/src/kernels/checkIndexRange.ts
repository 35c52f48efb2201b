import { numel } from '@othergrad/core/backend'
import type { IndexRangeAttrs, TensorInfo } from '@othergrad/core/backend'
import { WORKGROUP } from '../shaders/common'
import { checkIndexRangeShader } from '../shaders/checkIndexRange'
import { operand, type GpuStore } from '../store'

/**
 * Checks indices on the device: reading them would stall the queue, so a bad one is flagged
 * and raised at the next read or sync (see `GpuRuntime.deviceCheck`). Outputs nothing.
 */
export function checkIndexRange(store: GpuStore, index: TensorInfo, attrs: IndexRangeAttrs): [] {
  const n = numel(index.shape)
  if (n === 0) return []
  const { id, flag } = store.rt.deviceCheck(attrs.describe)
  const { groups, span } = store.rt.grid(n, WORKGROUP)
  const ignore = attrs.ignore ?? 0
  store.rt.dispatch(
    checkIndexRangeShader(),
    [n, span, id, attrs.size, attrs.ignore === null ? 0 : 1, ignore],
    [operand(index), flag],
    groups,
  )
  return []
}
