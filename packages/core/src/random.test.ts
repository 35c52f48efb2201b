import { beforeEach, describe, expect, it } from 'vitest'
import { manualSeed, random32, uniformFloat32, uniformFloat64 } from './random'

// Values printed by PyTorch 1.13 (CPU generator).
describe('the seeded generator', () => {
  beforeEach(() => manualSeed(0))

  it("draws torch.rand's float32 stream for the same seed", () => {
    const draws = Array.from({ length: 5 }, () => uniformFloat32(0, 1))
    expect(draws).toEqual([
      0.49625658988952637, 0.7682217955589294, 0.08847743272781372, 0.13203048706054688,
      0.30742281675338745,
    ])
  })

  it("draws torch.rand's float64 stream for the same seed", () => {
    const draws = Array.from({ length: 3 }, () => uniformFloat64(0, 1))
    expect(draws).toEqual([0.9700530018065531, 0.707819864399788, 0.45938294312745087])
  })

  it('draws uniform_(-0.3, 0.3) as PyTorch does for float32', () => {
    manualSeed(42)
    const draws = Array.from({ length: 4 }, () => uniformFloat32(-0.3, 0.3))
    expect(draws).toEqual([
      0.22936156392097473, 0.2490023821592331, -0.0702817440032959, 0.2755833864212036,
    ])
  })

  it('restarts the stream on reseeding', () => {
    const a = random32()
    manualSeed(0)
    expect(random32()).toBe(a)
  })
})
