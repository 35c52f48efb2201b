import type { Shader } from '../runtime'
import { wgslType, type GpuDType } from '../storage'
import { PARAMS, WORKGROUP, storage } from './common'

export interface MatmulConsts {
  dtype: GpuDType
  transposeA: boolean
  transposeB: boolean
  /** Collapsed batch dims (each with its own a/b strides, 0 where broadcast). */
  batchRank: number
  /** Adds `bias[col]` to every row (the fused linear kernel). */
  bias: boolean
}

export interface TileConsts extends MatmulConsts {
  /** Workgroup of `threads x threads` invocations, each owning a 4x4 block of outputs. */
  threads: number
  /** Depth of the k slice staged in workgroup memory per step. */
  depth: number
}

/** Register block: each invocation accumulates a 4x4 block of C in registers. */
const BLOCK = 4

function flags(c: MatmulConsts): string {
  const t = `${c.transposeA ? 't' : 'n'}${c.transposeB ? 't' : 'n'}`
  return `${t}_${wgslType(c.dtype)}_b${c.batchRank}${c.bias ? '_bias' : ''}`
}

/**
 * The offsets of batch `batch`'s A and B matrices: the batch index walked through the batch
 * shape at `P(at)` and each operand's batch strides (already multiplied by its matrix size).
 */
function batchOffsetsFn(batchRank: number, at: number): string {
  return /* wgsl */ `
fn batchOffsets(batch: u32) -> vec2<u32> {
  var rem = batch;
  var off = vec2<u32>();
  for (var d = ${batchRank - 1}i; d >= 0i; d--) {
    let size = P(${at}u + u32(d));
    let c = rem % size;
    rem = rem / size;
    off += c * vec2<u32>(P(${at + batchRank}u + u32(d)), P(${at + 2 * batchRank}u + u32(d)));
  }
  return off;
}`
}

function bindings(c: MatmulConsts): string {
  const t = wgslType(c.dtype)
  return [
    storage(1, 'A', t),
    storage(2, 'B', t),
    c.bias ? storage(3, 'bias', t) : '',
    storage(c.bias ? 4 : 3, 'C', t, 'read_write'),
  ].join('\n')
}

// op(A)[row, k] and op(B)[k, col] in stored order, transposes read in place.
function elementA(c: MatmulConsts): string {
  return c.transposeA ? 'A[offA + k * M + row]' : 'A[offA + row * K + k]'
}

function elementB(c: MatmulConsts): string {
  return c.transposeB ? 'B[offB + col * K + k]' : 'B[offB + k * N + col]'
}

/**
 * Tiled batched matmul: each workgroup stages a `depth`-deep slice of a BM x BN output tile's
 * A rows and B columns in workgroup memory, and each invocation accumulates a 4x4 register block
 * from it. Loads walk each operand's contiguous dim fastest, whichever the transpose.
 * Params: M, N, K, first batch, batch shape, a batch strides, b batch strides.
 */
export function matmulTiledShader(c: TileConsts): Shader {
  const { threads, depth } = c
  const tile = threads * BLOCK
  const t = wgslType(c.dtype)
  // The slice's fast index follows each operand's memory order.
  const loadA = c.transposeA
    ? `let kk = e / BM; let mm = e % BM;`
    : `let mm = e / BK; let kk = e % BK;`
  const loadB = c.transposeB
    ? `let nn = e / BK; let kk = e % BK;`
    : `let kk = e / BN; let nn = e % BN;`
  return {
    key: `matmul_tiled_${flags(c)}_wg${threads}x${threads}_r${BLOCK}x${BLOCK}_k${depth}`,
    code: () => /* wgsl */ `
${PARAMS}
alias T = ${t};
${bindings(c)}
const TS = ${threads}u;
const BM = ${tile}u;
const BN = ${tile}u;
const BK = ${depth}u;
var<workgroup> tileA: array<T, ${depth * tile}>;
var<workgroup> tileB: array<T, ${depth * tile}>;
${batchOffsetsFn(c.batchRank, 4)}

@compute @workgroup_size(${threads}, ${threads}, 1)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = P(0u);
  let N = P(1u);
  let K = P(2u);
  let batch = wid.z + P(3u);
  let offs = batchOffsets(batch);
  let offA = offs.x;
  let offB = offs.y;
  let row0 = wid.y * BM;
  let col0 = wid.x * BN;
  let flatId = lid.y * TS + lid.x;
  // The 4x4 register block: row i of it is acc_i, one vec4 (column j in component j).
  var acc0 = vec4<T>();
  var acc1 = vec4<T>();
  var acc2 = vec4<T>();
  var acc3 = vec4<T>();
  for (var k0 = 0u; k0 < K; k0 += BK) {
    for (var e = flatId; e < BK * BM; e += TS * TS) {
      ${loadA}
      let row = row0 + mm;
      let k = k0 + kk;
      var v = T(0);
      if (row < M && k < K) { v = ${elementA(c)}; }
      tileA[kk * BM + mm] = v;
    }
    for (var e = flatId; e < BK * BN; e += TS * TS) {
      ${loadB}
      let col = col0 + nn;
      let k = k0 + kk;
      var v = T(0);
      if (col < N && k < K) { v = ${elementB(c)}; }
      tileB[kk * BN + nn] = v;
    }
    workgroupBarrier();
    for (var kk = 0u; kk < BK; kk++) {
      let ia = kk * BM + lid.y;
      let ib = kk * BN + lid.x;
      let rb = vec4<T>(tileB[ib], tileB[ib + TS], tileB[ib + 2u * TS], tileB[ib + 3u * TS]);
      acc0 += tileA[ia] * rb;
      acc1 += tileA[ia + TS] * rb;
      acc2 += tileA[ia + 2u * TS] * rb;
      acc3 += tileA[ia + 3u * TS] * rb;
    }
    workgroupBarrier();
  }
  // Rows and columns of the block are TS apart, so neighbouring invocations write neighbours.
  let offC = batch * M * N;
  let block = array<vec4<T>, 4>(acc0, acc1, acc2, acc3);
  for (var i = 0u; i < ${BLOCK}u; i++) {
    let row = row0 + lid.y + i * TS;
    for (var j = 0u; j < ${BLOCK}u; j++) {
      let col = col0 + lid.x + j * TS;
      if (row < M && col < N) { C[offC + row * N + col] = block[i][j]${c.bias ? ' + bias[col]' : ''}; }
    }
  }
}
`,
  }
}

/**
 * One invocation per output element, looping over k: for small products, where a tile would be
 * mostly padding. Params: outputs, span, M, N, K, batch shape, a/b batch strides.
 */
export function matmulPlainShader(c: MatmulConsts): Shader {
  const t = wgslType(c.dtype)
  return {
    key: `matmul_plain_${flags(c)}_wg${WORKGROUP}`,
    code: () => /* wgsl */ `
${PARAMS}
alias T = ${t};
${bindings(c)}
${batchOffsetsFn(c.batchRank, 5)}

@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x + gid.y * P(1u);
  if (i >= P(0u)) { return; }
  let M = P(2u);
  let N = P(3u);
  let K = P(4u);
  let col = i % N;
  let row = (i / N) % M;
  let offs = batchOffsets(i / (M * N));
  let offA = offs.x;
  let offB = offs.y;
  var acc = T(0);
  for (var k = 0u; k < K; k++) { acc += ${elementA(c)} * ${elementB(c)}; }
  C[i] = acc${c.bias ? ' + bias[col]' : ''};
}
`,
  }
}
