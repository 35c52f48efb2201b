/**
 * The trainer's platform-neutral parts (no `node:` imports), shared with the browser
 * playground: the models (the MLP and PyTorch's examples/mnist CNN with its input
 * normalisation), the optimizers, the training step and evaluation, MNIST's IDX checks and the
 * checkpoint format.
 */
export { buildMlp, cnnInput, MnistCnn, MNIST_MEAN, MNIST_STD } from './model'
export { defaultLr, makeOptimizer } from './optimizer'
export { epochLr } from './schedule'
export { evaluate, trainStep } from './train'
export type { Classifier, EvalResult, StepOptimizer } from './train'
export { mnistFromIdx } from './mnistIdx'
export type { MnistIdxSplit } from './mnistIdx'
export type { MnistSplit } from './mnistData'
export { CHECKPOINT_FORMAT, checkpointContents, parseCheckpoint } from './checkpoint'
export type { CheckpointRun, LoadedCheckpoint, RunConfig, Stateful } from './checkpoint'
export type { OptimizerName, ScheduleName } from './args'
