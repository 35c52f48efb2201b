export { broadcastOffset, numel, randomInts, ravel, unravel } from '@othergrad/test-utils/reference'
export type { Shape } from '@othergrad/test-utils/reference'
