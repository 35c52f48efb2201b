// optimizer
export { Optimizer } from './optimizer'
export type {
  BaseOptions,
  OptimizerStateDict,
  ParamGroup,
  ParamGroupInput,
  Params,
  ParamState,
  ZeroGradOptions,
} from './optimizer'

// optimizers
export { SGD } from './optimizers/sgd'
export type { SGDOptions } from './optimizers/sgd'
export { Adam } from './optimizers/adam'
export type { AdamOptions } from './optimizers/adam'
export { AdamW } from './optimizers/adamW'
export type { AdamWOptions } from './optimizers/adamW'
export { Adagrad } from './optimizers/adagrad'
export type { AdagradOptions } from './optimizers/adagrad'
export { RMSprop } from './optimizers/rmsprop'
export type { RMSpropOptions } from './optimizers/rmsprop'
export { Adadelta } from './optimizers/adadelta'
export type { AdadeltaOptions } from './optimizers/adadelta'

// learning-rate schedulers
export { LRScheduler } from './schedulers/lrScheduler'
export { StepLR } from './schedulers/stepLR'
export type { StepLROptions } from './schedulers/stepLR'
export { MultiStepLR } from './schedulers/multiStepLR'
export type { MultiStepLROptions } from './schedulers/multiStepLR'
export { ExponentialLR } from './schedulers/exponentialLR'
export { CosineAnnealingLR } from './schedulers/cosineAnnealingLR'
export type { CosineAnnealingLROptions } from './schedulers/cosineAnnealingLR'
export { LinearLR } from './schedulers/linearLR'
export type { LinearLROptions } from './schedulers/linearLR'
export { OneCycleLR } from './schedulers/oneCycleLR'
export type { OneCycleLROptions } from './schedulers/oneCycleLR'
export { LambdaLR } from './schedulers/lambdaLR'
export type { LrLambda } from './schedulers/lambdaLR'
