// module
export { Module } from './module'
export type {
  LoadStateDictOptions,
  LoadStateDictResult,
  StateDict,
  ZeroGradOptions,
} from './module'
export { Parameter } from './parameter'

// layers
export { Linear } from './layers/linear'
export type { LinearOptions } from './layers/linear'
export { Sequential } from './layers/sequential'
export { ReLU } from './layers/relu'
export { LeakyReLU } from './layers/leakyRelu'
export { GELU } from './layers/gelu'
export { Sigmoid } from './layers/sigmoid'
export { Tanh } from './layers/tanh'
export { Softmax } from './layers/softmax'
export { LogSoftmax } from './layers/logSoftmax'
export { Flatten } from './layers/flatten'
export { Dropout } from './layers/dropout'
export { LayerNorm } from './layers/layerNorm'
export type { LayerNormOptions } from './layers/layerNorm'
export { BatchNorm1d } from './layers/batchNorm1d'
export type { BatchNormOptions } from './layers/batchNorm1d'
export { Embedding } from './layers/embedding'
export type { EmbeddingOptions } from './layers/embedding'
export type { FactoryOptions } from './layers/options'

// losses
export { CrossEntropyLoss } from './losses/crossEntropyLoss'
export { NLLLoss } from './losses/nllLoss'
export { MSELoss } from './losses/mseLoss'
export { L1Loss } from './losses/l1Loss'
export { BCELoss } from './losses/bceLoss'
export { BCEWithLogitsLoss } from './losses/bceWithLogitsLoss'
export { HuberLoss } from './losses/huberLoss'

// namespaces, as torch.nn.functional, torch.nn.init and torch.nn.utils
import * as functional from './functional/index'
import * as init from './init'
import * as utils from './utils'
export { functional, init, utils }
export type { FanMode, KaimingOptions, Nonlinearity } from './init'
export type { ClipGradNormOptions } from './utils'

// checkpoints (ArrayBuffer; files are in @othergrad/nn/node)
export { loadSafetensors, readSafetensorsHeader, saveSafetensors } from './safetensors'
export type {
  LoadSafetensorsOptions,
  SafetensorsDType,
  SafetensorsHeader,
  SafetensorsTensorInfo,
} from './safetensors'
