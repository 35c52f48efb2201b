/**
 * `@othergrad/kernels-js`: the pure typed-array kernels that more than one backend runs, in one
 * copy. Each `<name>Impl` takes typed arrays, shapes and attrs and writes a preallocated `out`;
 * it knows nothing of Tensor or storage, so each backend keeps only its thin wrapper.
 */
// layout
export { advance, broadcastStrides, collapse, copyBlock, mergeReduceDims, splitAt } from './layout'
export type { Layout } from './layout'
export { isPlainOperand, placementOf, viewBroadcastStrides } from './strided'

// elementwise
export { castImpl } from './cast'
export { whereImpl } from './where'

// reduce
export { argReduceImpl } from './argReduce'

// movement
export { concatImpl } from './concat'
export { expandImpl } from './expand'
export { padImpl } from './pad'
export { permuteImpl } from './permute'
export { sliceImpl } from './slice'

// indexing
export { gatherImpl } from './gather'
export { indexAddImpl } from './indexAdd'
export { indexSelectImpl } from './indexSelect'
export { scatterAddImpl } from './scatterAdd'

// optimizers
export { adamStepImpl } from './adamStep'
export { sgdStepImpl } from './sgdStep'
