/**
 * The numbers the glue passes for dtypes and ops. They must match the constants at the top of
 * assembly/simd.ts and assembly/kernels/{unary,binary,reduce}.ts; test/kernels.test.ts checks
 * every op against a reference, so a mismatch fails there.
 */
import { bytesPerElement } from '@othergrad/core/backend'
import type { BinaryOp, DType, ReduceOp, UnaryOp } from '@othergrad/core/backend'

/**
 * uint8, int8 and int16 only reach the storage, cast, movement and index kernels, which work on
 * typed views; core computes their arithmetic in int32, so no assembly kernel sees their codes.
 */
export const DTYPE_CODE: Record<DType, number> = {
  float32: 0,
  float64: 1,
  int32: 2,
  bool: 3,
  uint8: 4,
  int8: 5,
  int16: 6,
}

/** Bytes per element, indexed by dtype code. */
export const CODE_BYTES: number[] = []
for (const [dtype, code] of Object.entries(DTYPE_CODE)) {
  CODE_BYTES[code] = bytesPerElement(dtype as DType)
}

export const UNARY_CODE: Record<UnaryOp, number> = {
  neg: 0,
  abs: 1,
  sign: 2,
  exp: 3,
  log: 4,
  sqrt: 5,
  rsqrt: 6,
  reciprocal: 7,
  square: 8,
  relu: 9,
  sigmoid: 10,
  tanh: 11,
  sin: 12,
  cos: 13,
  expm1: 14,
  log1p: 15,
  floor: 16,
  ceil: 17,
  round: 18,
  logicalNot: 19,
}

export const BINARY_CODE: Record<BinaryOp, number> = {
  add: 0,
  sub: 1,
  mul: 2,
  div: 3,
  pow: 4,
  maximum: 5,
  minimum: 6,
  eq: 7,
  ne: 8,
  lt: 9,
  le: 10,
  gt: 11,
  ge: 12,
  logicalAnd: 13,
  logicalOr: 14,
}

export const REDUCE_CODE: Record<ReduceOp, number> = { sum: 0, max: 1, min: 2, prod: 3 }
