import { describe, expect, it } from 'vitest'
import { EVAL_EVERY, evaluationDue } from './evalSchedule'

describe('the evaluation schedule', () => {
  it('waits for 200 steps and for nine times as long as the last evaluation took', () => {
    // After a 150 ms evaluation the next waits for 1,350 ms of training, and for 200 steps.
    expect(evaluationDue({ steps: EVAL_EVERY, ms: 1000, lastEvalMs: 150 })).toBe(false)
    expect(evaluationDue({ steps: EVAL_EVERY, ms: 1400, lastEvalMs: 150 })).toBe(true)
    expect(evaluationDue({ steps: EVAL_EVERY - 1, ms: 60_000, lastEvalMs: 150 })).toBe(false)
    expect(evaluationDue({ steps: EVAL_EVERY, ms: 0, lastEvalMs: 0 })).toBe(true)
  })

  it('keeps the CNN evaluating a tenth of the time at most', () => {
    // A 10 s evaluation: the next one waits for 90 s of training, however many steps that is.
    expect(evaluationDue({ steps: 600, ms: 89_000, lastEvalMs: 10_000 })).toBe(false)
    expect(evaluationDue({ steps: 600, ms: 90_000, lastEvalMs: 10_000 })).toBe(true)
  })
})
