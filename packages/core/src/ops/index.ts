// The functional op API, one line per module.
export { cast } from './elementwise/cast'
export {
  abs,
  ceil,
  cos,
  exp,
  expm1,
  floor,
  log,
  log1p,
  logicalNot,
  neg,
  reciprocal,
  relu,
  round,
  rsqrt,
  sigmoid,
  sign,
  sin,
  sqrt,
  square,
  tanh,
} from './elementwise/unary'
export {
  add,
  div,
  eq,
  ge,
  gt,
  le,
  logicalAnd,
  logicalOr,
  lt,
  maximum,
  minimum,
  mul,
  ne,
  pow,
  sub,
} from './elementwise/binary'
export { where } from './elementwise/where'
export { clamp } from './elementwise/clamp'
export { mean, sum } from './reduce/sum'
export { amax, amin, argmax, argmin, maxDim, minDim } from './reduce/extrema'
export { matmul, matmulWithFlags, mm } from './matmul/matmul'
export { flatten, reshape, squeeze, unsqueeze, view } from './movement/reshape'
export { contiguous } from './movement/contiguous'
export { materialize } from './movement/materialize'
export { asStrided, placeOf } from './movement/asStrided'
export { diagonal } from './movement/diagonal'
export { unfold } from './movement/unfold'
export { chunk, split, unbind } from './movement/split'
export { permute, t, transpose } from './movement/permute'
export { expand } from './movement/expand'
export { cat, stack } from './movement/cat'
export { clone, narrow, select, slice } from './movement/narrow'
export { gather } from './indexing/gather'
export { scatterAdd } from './indexing/scatterAdd'
export { indexSelect } from './indexing/indexSelect'
export { full, fullLike, ones, onesLike, zeros, zerosLike } from './creation/fill'
export { tensor } from './creation/tensor'
export { arange, eye, linspace } from './creation/range'
export { rand, randint, randLike, randn, randnLike } from './creation/random'
export { logSoftmax, softmax } from './composite/softmax'
export { linear } from './composite/linear'
export { crossEntropy, nllLoss } from './composite/crossEntropy'
export { copy_, fill_, inplace } from './inplace'
