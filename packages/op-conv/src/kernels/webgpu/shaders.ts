/**
 * WGSL for conv2d, its two gradients and max pooling: one invocation per output element, the
 * geometry in the parameter words below (`P(i)`, after the item count and grid span). Each shader
 * and its cache key sit together; the key names every constant baked in.
 */
import type { Shader } from '@othergrad/backend-webgpu'

/** Parameter words 2.. : the geometry every shader here reads. */
export const GEOMETRY = /* wgsl */ `
fn N() -> u32 { return P(2u); }
fn C() -> u32 { return P(3u); }
fn H() -> i32 { return i32(P(4u)); }
fn W() -> i32 { return i32(P(5u)); }
fn O() -> u32 { return P(6u); }
fn OH() -> u32 { return P(7u); }
fn OW() -> u32 { return P(8u); }
fn KH() -> u32 { return P(9u); }
fn KW() -> u32 { return P(10u); }
fn SH() -> i32 { return i32(P(11u)); }
fn SW() -> i32 { return i32(P(12u)); }
fn PH() -> i32 { return i32(P(13u)); }
fn PW() -> i32 { return i32(P(14u)); }
fn DH() -> i32 { return i32(P(15u)); }
fn DW() -> i32 { return i32(P(16u)); }
fn G() -> u32 { return P(17u); }
`

function main(wg: number): string {
  return /* wgsl */ `
@compute @workgroup_size(${wg})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x + gid.y * P(1u);
  if (i >= P(0u)) { return; }`
}

/** `y[n, o, oh, ow] = b[o] + Σ x · w` over the group's channels and the window. */
export function conv2dShader(params: string, wg: number, bias: boolean): Shader {
  return {
    key: `@othergrad/op-conv:conv2d_${bias ? 'bias' : 'nobias'}_wg${wg}`,
    code: () => /* wgsl */ `
${params}
${GEOMETRY}
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> w: array<f32>;
${bias ? '@group(0) @binding(3) var<storage, read> b: array<f32>;' : ''}
@group(0) @binding(${bias ? 4 : 3}) var<storage, read_write> y: array<f32>;
${main(wg)}
  let xo = i % OW();
  let yo = (i / OW()) % OH();
  let o = (i / (OW() * OH())) % O();
  let n = i / (OW() * OH() * O());
  let cg = C() / G();
  let og = O() / G();
  let g = o / og;
  var acc = ${bias ? 'b[o]' : '0.0'};
  for (var c = 0u; c < cg; c++) {
    let plane = (n * C() + g * cg + c) * u32(H() * W());
    let wbase = (o * cg + c) * KH() * KW();
    for (var ki = 0u; ki < KH(); ki++) {
      let r = i32(yo) * SH() - PH() + i32(ki) * DH();
      if (r < 0 || r >= H()) { continue; }
      for (var kj = 0u; kj < KW(); kj++) {
        let col = i32(xo) * SW() - PW() + i32(kj) * DW();
        if (col < 0 || col >= W()) { continue; }
        acc += x[plane + u32(r * W() + col)] * w[wbase + ki * KW() + kj];
      }
    }
  }
  y[i] = acc;
}
`,
  }
}

/** `dx[n, c, h, w] = Σ dy · w` over every output whose window read `(h, w)`. */
export function conv2dInputGradShader(params: string, wg: number): Shader {
  return {
    key: `@othergrad/op-conv:conv2dInputGrad_wg${wg}`,
    code: () => /* wgsl */ `
${params}
${GEOMETRY}
@group(0) @binding(1) var<storage, read> dy: array<f32>;
@group(0) @binding(2) var<storage, read> w: array<f32>;
@group(0) @binding(3) var<storage, read_write> dx: array<f32>;
${main(wg)}
  let col = i32(i % u32(W()));
  let row = i32((i / u32(W())) % u32(H()));
  let cin = (i / u32(W() * H())) % C();
  let n = i / (u32(W() * H()) * C());
  let cg = C() / G();
  let og = O() / G();
  let g = cin / cg;
  let c = cin % cg;
  var acc = 0.0;
  for (var oo = 0u; oo < og; oo++) {
    let o = g * og + oo;
    let wbase = (o * cg + c) * KH() * KW();
    let dybase = (n * O() + o) * OH() * OW();
    for (var ki = 0u; ki < KH(); ki++) {
      let t = row + PH() - i32(ki) * DH();
      if (t < 0 || t % SH() != 0) { continue; }
      let yo = u32(t / SH());
      if (yo >= OH()) { continue; }
      for (var kj = 0u; kj < KW(); kj++) {
        let s = col + PW() - i32(kj) * DW();
        if (s < 0 || s % SW() != 0) { continue; }
        let xo = u32(s / SW());
        if (xo >= OW()) { continue; }
        acc += dy[dybase + yo * OW() + xo] * w[wbase + ki * KW() + kj];
      }
    }
  }
  dx[i] = acc;
}
`,
  }
}

/** `dw[o, c, ki, kj] = Σ_n Σ_outputs x · dy`. */
export function conv2dWeightGradShader(params: string, wg: number): Shader {
  return {
    key: `@othergrad/op-conv:conv2dWeightGrad_wg${wg}`,
    code: () => /* wgsl */ `
${params}
${GEOMETRY}
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> dy: array<f32>;
@group(0) @binding(3) var<storage, read_write> dw: array<f32>;
${main(wg)}
  let kj = i % KW();
  let ki = (i / KW()) % KH();
  let cg = C() / G();
  let c = (i / (KW() * KH())) % cg;
  let o = i / (KW() * KH() * cg);
  let og = O() / G();
  let cin = (o / og) * cg + c;
  var acc = 0.0;
  for (var n = 0u; n < N(); n++) {
    let plane = (n * C() + cin) * u32(H() * W());
    let dybase = (n * O() + o) * OH() * OW();
    for (var yo = 0u; yo < OH(); yo++) {
      let r = i32(yo) * SH() - PH() + i32(ki) * DH();
      if (r < 0 || r >= H()) { continue; }
      for (var xo = 0u; xo < OW(); xo++) {
        let col = i32(xo) * SW() - PW() + i32(kj) * DW();
        if (col < 0 || col >= W()) { continue; }
        acc += x[plane + u32(r * W() + col)] * dy[dybase + yo * OW() + xo];
      }
    }
  }
  dw[i] = acc;
}
`,
  }
}

/** Each window's maximum and its flat index in the plane; a NaN wins, as on the CPU. */
export function maxPool2dShader(params: string, wg: number): Shader {
  return {
    key: `@othergrad/op-conv:maxPool2d_wg${wg}`,
    code: () => /* wgsl */ `
${params}
${GEOMETRY}
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> values: array<f32>;
@group(0) @binding(3) var<storage, read_write> indices: array<i32>;
fn isNan(v: f32) -> bool { return (bitcast<u32>(v) & 0x7fffffffu) > 0x7f800000u; }
${main(wg)}
  let xo = i % OW();
  let yo = (i / OW()) % OH();
  let q = i / (OW() * OH());
  let plane = q * u32(H() * W());
  var best = 0.0;
  var at = -1;
  for (var ki = 0u; ki < KH(); ki++) {
    let r = i32(yo) * SH() - PH() + i32(ki) * DH();
    if (r < 0 || r >= H()) { continue; }
    for (var kj = 0u; kj < KW(); kj++) {
      let col = i32(xo) * SW() - PW() + i32(kj) * DW();
      if (col < 0 || col >= W()) { continue; }
      let v = x[plane + u32(r * W() + col)];
      if (at < 0 || v > best || isNan(v)) {
        best = v;
        at = r * W() + col;
      }
    }
  }
  values[i] = best;
  indices[i] = at;
}
`,
  }
}
