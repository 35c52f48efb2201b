/**
 * When the trainer evaluates on the test digits between epochs: every `EVAL_EVERY` steps, but
 * never so often that evaluating takes more than `EVAL_TIME_SHARE` of the time. Evaluating the
 * 10,000 test digits takes a fraction of a second with an MLP and seconds with the CNN; at 200
 * steps apart the CNN would spend about a third of its time evaluating.
 */

/** Steps between evaluations while training, at the least (and always at an epoch's end). */
export const EVAL_EVERY = 200
/** The largest share of wall time that evaluations between epochs may take. */
export const EVAL_TIME_SHARE = 0.1

export interface SinceLastEvaluation {
  /** Training steps since the last evaluation. */
  steps: number
  /** Milliseconds since the last evaluation ended. */
  ms: number
  /** How long the last evaluation took (ms); 0 before the first. */
  lastEvalMs: number
}

/** Whether a mid-epoch evaluation is due. */
export function evaluationDue(since: SinceLastEvaluation): boolean {
  const gap = (since.lastEvalMs * (1 - EVAL_TIME_SHARE)) / EVAL_TIME_SHARE
  return since.steps >= EVAL_EVERY && since.ms >= gap
}
