/** op-conv's WASM kernels: every export is bound once by the glue in src/kernels/wasm/. */
export {
  conv2dF32,
  conv2dInputGradF32,
  conv2dInputGradScratch,
  conv2dScratch,
  conv2dWeightGradF32,
  conv2dWeightGradScratch,
  maxPool2dF32,
} from './conv2d'
