import type { ScheduleName } from './args'

/**
 * The learning rate of epoch `epoch` (1-based) of `epochs`, from the epoch number alone, so a
 * resumed run uses the same one. cosine: the closed form of CosineAnnealingLR(T_max = epochs)
 * stepped each epoch; step: StepLR(step_size = 1, gamma = 0.7), as PyTorch's examples/mnist;
 * constant: `baseLr`.
 */
export function epochLr(
  schedule: ScheduleName,
  baseLr: number,
  epoch: number,
  epochs: number,
): number {
  if (schedule === 'cosine') return (baseLr * (1 + Math.cos((Math.PI * (epoch - 1)) / epochs))) / 2
  if (schedule === 'step') return baseLr * 0.7 ** (epoch - 1)
  return baseLr
}
