export {
  broadcastOffset,
  broadcastShapes,
  expectClose,
  numel,
  randomInts,
  randomValues,
  ravel,
  unravel,
} from '@othergrad/test-utils/reference'
export type { Shape } from '@othergrad/test-utils/reference'
