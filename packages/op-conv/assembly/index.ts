/** op-conv's WASM kernels: every export is bound once by the glue in src/kernels/wasm/. */
export {
  conv2dPack,
  conv2dPackBytes,
  conv2dSample,
  conv2dScratch,
  conv2dUnit,
  inputGradPack,
  inputGradPackBytes,
  inputGradSample,
  inputGradScratch,
  inputGradUnit,
  maxPool2dF32,
  maxPool2dUnit,
  weightGradSample,
  weightGradScratch,
  weightGradUnit,
} from './conv2d'
