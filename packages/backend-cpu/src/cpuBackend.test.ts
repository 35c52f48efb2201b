import { BINARY_OPS, UNARY_OPS } from '@othergrad/core/backend'
import type { Backend, DType, Storage, TensorInfo } from '@othergrad/core/backend'
import { describe, expect, it } from 'vitest'
import { kernelFamilies } from '@othergrad/test-utils/kernels'
import { cpuBackend } from './index'

function info(
  backend: Backend,
  values: number[],
  shape: number[],
  dtype: DType = 'float32',
): TensorInfo {
  const arrays = {
    float32: Float32Array,
    float64: Float64Array,
    int32: Int32Array,
    bool: Uint8Array,
  }
  return { storage: backend.write(arrays[dtype].from(values), dtype), shape, dtype }
}

function read(backend: Backend, storage: Storage, dtype: DType, size: number): number[] {
  return Array.from(backend.readSync!(storage, dtype, size))
}

describe('cpuBackend', () => {
  it('is named cpu and has a kernel for every core op and fused kernel', () => {
    const backend = cpuBackend()
    expect(backend.name).toBe('cpu')
    expect(backend.kind).toBe('cpu')
    const methods = [
      'write',
      'read',
      'readSync',
      'fill',
      'copyInto',
      'disposeStorage',
      'memory',
    ] as const
    for (const m of methods) expect(typeof backend[m], m).toBe('function')
    const ops = [
      ...UNARY_OPS, ...BINARY_OPS, 'where', 'cast', 'sum', 'amax', 'amin', 'max', 'min',
      'prod', 'argmax', 'argmin', 'matmul', 'pad', 'cat', 'clone', 'contiguous', 'assign',
      'gather', 'scatterAdd', 'indexSelect', 'indexAdd',
      'linear', 'addScalar', 'subScalar', 'mulScalar', 'divScalar', 'reluBackward',
      'logSoftmax', 'logSoftmaxBackward', 'sgdStep', 'adamStep',
    ] // prettier-ignore
    expect(backend.kernels.ops().sort()).toEqual([...ops].sort())
    for (const op of ops) expect(backend.kernels.ownerOf(op), op).toBe('@othergrad/backend-cpu')
  })

  it('takes its name from the options', () => {
    const backend = cpuBackend({ name: 'cpu-ref' })
    expect(backend.name).toBe('cpu-ref')
    expect(backend.fill(1, 0, 'float32').backend).toBe('cpu-ref')
  })

  it('copies on write and on read', async () => {
    const backend = cpuBackend()
    const host = Float32Array.of(1, 2, 3)
    const s = backend.write(host, 'float32')
    host[0] = 99
    const first = backend.readSync!(s, 'float32', 3)
    expect(Array.from(first)).toEqual([1, 2, 3])
    first[1] = 99
    expect(Array.from(await backend.read(s, 'float32', 3))).toEqual([1, 2, 3])
    expect(backend.readSync!(s, 'float32', 3)).toBeInstanceOf(Float32Array)
  })

  it('counts bytes and buffers, and frees them on dispose', () => {
    const backend = cpuBackend()
    const a = backend.write(new Float64Array(4), 'float64')
    const b = backend.fill(3, 1, 'int32')
    expect(backend.memory()).toMatchObject({ bytes: 32 + 12, buffers: 2 })
    backend.disposeStorage(a)
    expect(backend.memory()).toMatchObject({ bytes: 12, buffers: 1, peakBytes: 44 })
    backend.disposeStorage(b)
    expect(backend.memory()).toMatchObject({ bytes: 0, buffers: 0 })
  })

  it('throws on use after dispose and on a second dispose', async () => {
    const backend = cpuBackend()
    const s = backend.fill(2, 1, 'float32')
    backend.disposeStorage(s)
    expect(() => backend.disposeStorage(s)).toThrow(/cpu: storage used after it was disposed/)
    expect(() => backend.readSync!(s, 'float32', 2)).toThrow(/after it was disposed/)
    await expect(backend.read(s, 'float32', 2)).rejects.toThrow(/after it was disposed/)
  })

  it('rejects storage from another backend', () => {
    const backend = cpuBackend()
    expect(() => backend.disposeStorage({ backend: 'webgpu' })).toThrow(
      "cpu: storage belongs to backend 'webgpu', not a CPU backend",
    )
  })

  it('fills every dtype, bools as != 0', () => {
    const backend = cpuBackend()
    expect(read(backend, backend.fill(2, 2.5, 'float32'), 'float32', 2)).toEqual([2.5, 2.5])
    expect(read(backend, backend.fill(2, -2.7, 'int32'), 'int32', 2)).toEqual([-2, -2])
    expect(read(backend, backend.fill(2, 256, 'bool'), 'bool', 2)).toEqual([1, 1])
    expect(read(backend, backend.fill(0, 1, 'float64'), 'float64', 0)).toEqual([])
  })

  it('copies one storage into another', () => {
    const backend = cpuBackend()
    const target = backend.fill(3, 0, 'float32')
    backend.copyInto(target, backend.write(Float32Array.of(4, 5, 6), 'float32'), 'float32', 3)
    expect(read(backend, target, 'float32', 3)).toEqual([4, 5, 6])
  })

  it('gives bool outputs for comparisons and logicalNot', () => {
    const backend = cpuBackend()
    const a = info(backend, [1, 2, 3], [3])
    const b = info(backend, [2], [])
    const lt = kernelFamilies(backend).binary('lt', a, b, [3])
    expect(read(backend, lt, 'bool', 3)).toEqual([1, 0, 0])
    expect(backend.readSync!(lt, 'bool', 3)).toBeInstanceOf(Uint8Array)
    const not = kernelFamilies(backend).unary('logicalNot', a)
    expect(backend.readSync!(not, 'bool', 3)).toBeInstanceOf(Uint8Array)
  })

  it('reduces int32 sums into int32 and bools into int32', () => {
    const backend = cpuBackend()
    const ints = kernelFamilies(backend).reduce(
      'sum',
      info(backend, [1, 2, 3, 4], [2, 2], 'int32'),
      [0],
    )
    expect(backend.readSync!(ints, 'int32', 2)).toEqual(Int32Array.of(4, 6))
    const bools = kernelFamilies(backend).reduce('sum', info(backend, [1, 1, 0], [3], 'bool'), [0])
    expect(backend.readSync!(bools, 'int32', 1)).toEqual(Int32Array.of(2))
    const arg = kernelFamilies(backend).argReduce(
      'argmax',
      info(backend, [1, 5, 2, 7, 0, 0], [2, 3]),
      1,
    )
    expect(backend.readSync!(arg, 'int32', 2)).toEqual(Int32Array.of(1, 0))
  })

  it('runs matmul, movement and index kernels end to end', () => {
    const backend = cpuBackend()
    const a = info(backend, [1, 2, 3, 4, 5, 6], [2, 3])
    const mm = kernelFamilies(backend).matmul(a, a, { transposeA: false, transposeB: true }, [2, 2])
    expect(read(backend, mm, 'float32', 4)).toEqual([14, 32, 32, 77])
    expect(read(backend, kernelFamilies(backend).permute(a, [1, 0]), 'float32', 6)).toEqual([
      1, 4, 2, 5, 3, 6,
    ])
    const row = info(backend, [7, 8], [1, 2])
    expect(read(backend, kernelFamilies(backend).expand(row, [2, 2]), 'float32', 4)).toEqual([
      7, 8, 7, 8,
    ])
    expect(read(backend, kernelFamilies(backend).slice(a, [1, 1], [1, 2]), 'float32', 2)).toEqual([
      5, 6,
    ])
    expect(read(backend, kernelFamilies(backend).pad(row, [0, 1], [1, 0]), 'float32', 6)).toEqual([
      0, 7, 8, 0, 0, 0,
    ])
    expect(read(backend, kernelFamilies(backend).concat([row, row], 0), 'float32', 4)).toEqual([
      7, 8, 7, 8,
    ])
    const idx = info(backend, [2, 0], [2], 'int32')
    expect(read(backend, kernelFamilies(backend).indexSelect(a, 1, idx), 'float32', 4)).toEqual([
      3, 1, 6, 4,
    ])
    const added = kernelFamilies(backend).indexAdd(
      [2, 3],
      1,
      idx,
      info(backend, [1, 2, 3, 4], [2, 2]),
    )
    expect(read(backend, added, 'float32', 6)).toEqual([2, 0, 1, 4, 0, 3])
    const gIdx = info(backend, [1, 0], [2, 1], 'int32')
    expect(read(backend, kernelFamilies(backend).gather(a, 1, gIdx), 'float32', 2)).toEqual([2, 4])
    const scattered = kernelFamilies(backend).scatterAdd(
      [2, 3],
      1,
      gIdx,
      info(backend, [5, 6], [2, 1]),
    )
    expect(read(backend, scattered, 'float32', 6)).toEqual([0, 5, 0, 6, 0, 0])
    const cond = info(backend, [1, 0], [2], 'bool')
    expect(
      read(
        backend,
        kernelFamilies(backend).where(cond, row, info(backend, [0], []), [2]),
        'float32',
        2,
      ),
    ).toEqual([7, 0])
    expect(read(backend, kernelFamilies(backend).cast(a, 'int32'), 'int32', 2)).toEqual([1, 2])
  })

  it('runs the fused kernels end to end', () => {
    const backend = cpuBackend()
    const fused = kernelFamilies(backend).fused
    const x = info(backend, [1, 2, 3, 4], [2, 2])
    const w = info(backend, [1, 0, 1, 1, 0, 2], [3, 2])
    const b = info(backend, [1, 1, 1], [3])
    expect(read(backend, fused.linear(x, w, b), 'float32', 6)).toEqual([2, 4, 5, 4, 8, 9])
    expect(read(backend, fused.linear(x, w, null), 'float32', 6)).toEqual([1, 3, 4, 3, 7, 8])
    const y = info(backend, [0, 1, -1, 2], [2, 2])
    expect(read(backend, fused.reluBackward(x, y), 'float32', 4)).toEqual([0, 2, 0, 4])
    const ls = fused.logSoftmax(info(backend, [0, 0], [1, 2]))
    expect(read(backend, ls, 'float32', 2)).toEqual([
      -Math.fround(Math.LN2),
      -Math.fround(Math.LN2),
    ])
    const dy = info(backend, [1, 0], [1, 2])
    const dx = fused.logSoftmaxBackward(dy, { storage: ls, shape: [1, 2], dtype: 'float32' })
    expect(read(backend, dx, 'float32', 2)).toEqual([0.5, -0.5])
  })

  it('allocates empty outputs without running kernels', () => {
    const backend = cpuBackend()
    const empty = info(backend, [], [0, 3])
    expect(read(backend, kernelFamilies(backend).unary('exp', empty), 'float32', 0)).toEqual([])
    expect(read(backend, kernelFamilies(backend).reduce('sum', empty, [0]), 'float32', 3)).toEqual([
      0, 0, 0,
    ])
    const mm = kernelFamilies(backend).matmul(
      empty,
      info(backend, [], [3, 0]),
      { transposeA: false, transposeB: false },
      [0, 0],
    )
    expect(read(backend, mm, 'float32', 0)).toEqual([])
  })
})
