#!/usr/bin/env python3
"""
PyTorch golden fixtures for othergrad's conformance suite (@othergrad/conformance): the
machinery that writes core's fixtures, shipped so that an operator package can write its own.
Needs only Python 3 with PyTorch and NumPy.

A case file is a Python script of `case(...)` lines (see the README of @othergrad/conformance):

    # tooling/cases.py
    case('gelu', '3x4', F.gelu, R(3, 4))
    case('gelu', 'tanh 2x3 gradgrad', lambda x: F.gelu(x, approximate='tanh'), R(2, 3), gradgrad=True)

and this script runs it and writes one `<op>.json` per op:

    python3 node_modules/@othergrad/conformance/python/othergrad_fixtures.py tooling/cases.py --out fixtures

Every case has a stable id (`add/3x4+4`), its inputs, the float64 reference outputs, a random
weight `w` per float output, and the gradient of `sum(out * w)` with respect to every float input
that requires grad. Float inputs are float32 values (drawn, then rounded through float32) so a
float32 backend is handed exactly the inputs the float64 reference saw. Some cases also store
second derivatives: with g_i = d sum(out * w) / dx_i (create_graph) and random `v_i`,
gradgrad_j = d sum_i sum(g_i * v_i) / dx_j.

Each case also runs in float32 PyTorch and must land well within the conformance tolerances
(TOLERANCES below, with a MARGIN); a case float32 arithmetic cannot meet is a bad case, and the
script fails rather than write it.

Fixture seeds come from each case id, so adding or editing one case changes no other.

The case file may also `from othergrad_fixtures import case, R, F` (this folder is on sys.path
while it runs); a generator of its own can import this module and call `write_fixtures`.
"""
import json
import math
import os
import sys
import warnings
import zlib
from pathlib import Path

try:
    import numpy as np
    import torch
    import torch.nn.functional as F
except ImportError:
    # `python3` on PATH may be a Python without PyTorch; the system one has it (python3-torch).
    if os.path.exists('/usr/bin/python3') and os.path.realpath(sys.executable) != os.path.realpath('/usr/bin/python3'):
        os.execv('/usr/bin/python3', ['/usr/bin/python3', *sys.argv])
    raise SystemExit('othergrad_fixtures.py needs PyTorch and NumPy (pip install torch numpy, or on Debian apt-get install python3-torch)')

# Mirrors @othergrad/conformance's src/cases/tolerances.ts (TOLERANCES in TypeScript): pass when, element by element,
# |got - expected| <= rtol * |expected| + atol * max|expected| (max over the tensor's finite values).
# Float32 PyTorch must stay within MARGIN of those tolerances, leaving room for backends that
# round differently (another summation order, a fused kernel).
TOLERANCES = {
    'float32': {'forward': (1e-5, 1e-6), 'grad': (1e-4, 1e-5)},
    'float64': {'forward': (1e-10, 1e-12), 'grad': (1e-10, 1e-12)},
}
MARGIN = 0.5

# ---------------------------------------------------------------------------------------------
# INPUT SPECS
# ---------------------------------------------------------------------------------------------


def f32(t):
    """Rounds a float64 tensor through float32, so the value is exactly representable there."""
    return t.float().double()


class Spec:
    kind = 'float'
    grad = True

    def make(self, g):
        raise NotImplementedError

    def with_grad(self, grad):
        """Marks a float input that PyTorch does not differentiate (class weights)."""
        self.grad = grad
        return self


class Randn(Spec):
    def __init__(self, shape, scale=1.0, grad=True):
        self.shape, self.scale, self.grad = shape, scale, grad

    def make(self, g):
        return f32(torch.randn(self.shape, generator=g, dtype=torch.float64) * self.scale)


class Uniform(Spec):
    def __init__(self, shape, lo, hi, grad=True):
        self.shape, self.lo, self.hi, self.grad = shape, lo, hi, grad

    def make(self, g):
        u = torch.rand(self.shape, generator=g, dtype=torch.float64)
        return f32(u * (self.hi - self.lo) + self.lo)


class AwayFromZero(Spec):
    """Values with |x| in [lo, hi] and a random sign (denominators, reciprocal)."""

    def __init__(self, shape, lo=0.3, hi=2.0, grad=True):
        self.shape, self.lo, self.hi, self.grad = shape, lo, hi, grad

    def make(self, g):
        mag = torch.rand(self.shape, generator=g, dtype=torch.float64) * (self.hi - self.lo) + self.lo
        sign = torch.randint(0, 2, self.shape, generator=g).double() * 2 - 1
        return f32(mag * sign)


class IntValued(Spec):
    """Small integers stored as floats, so comparisons and extrema meet ties."""

    def __init__(self, shape, lo=-2, hi=3, grad=True):
        self.shape, self.lo, self.hi, self.grad = shape, lo, hi, grad

    def make(self, g):
        return torch.randint(self.lo, self.hi, self.shape, generator=g).double()


class Values(Spec):
    def __init__(self, values, shape=None, grad=True):
        self.values, self.shape, self.grad = values, shape, grad

    def make(self, g):
        t = f32(torch.tensor(self.values, dtype=torch.float64))
        return t.reshape(self.shape) if self.shape is not None else t


class Index(Spec):
    """int32 indices or labels in [lo, hi)."""

    kind = 'int32'
    grad = False

    def __init__(self, shape, hi, lo=0):
        self.shape, self.hi, self.lo = shape, hi, lo

    def make(self, g):
        return torch.randint(self.lo, self.hi, self.shape, generator=g)


class IndexValues(Spec):
    kind = 'int32'
    grad = False

    def __init__(self, values, shape=None):
        self.values, self.shape = values, shape

    def make(self, g):
        t = torch.tensor(self.values, dtype=torch.int64)
        return t.reshape(self.shape) if self.shape is not None else t


class SmallIntValues(Spec):
    """uint8, int8 or int16 values (images, small codes), typed arrays of that type in othergrad."""

    grad = False

    def __init__(self, values, kind):
        self.values, self.kind = values, kind

    def make(self, g):
        return torch.tensor(self.values, dtype=getattr(torch, self.kind))


class SoftTarget(Spec):
    """Rows of class probabilities (a softmax of random logits)."""

    def __init__(self, shape):
        self.shape = shape

    def make(self, g):
        return f32(torch.softmax(torch.randn(self.shape, generator=g, dtype=torch.float64), 1))


class Mask(Spec):
    kind = 'bool'
    grad = False

    def __init__(self, shape):
        self.shape = shape

    def make(self, g):
        return torch.rand(self.shape, generator=g) < 0.5


class MaskValues(Spec):
    kind = 'bool'
    grad = False

    def __init__(self, values):
        self.values = values

    def make(self, g):
        return torch.tensor(self.values, dtype=torch.bool)


def R(*shape, scale=1.0, grad=True):
    return Randn(list(shape), scale, grad)


def U(*shape, lo, hi, grad=True):
    return Uniform(list(shape), lo, hi, grad)


def P(*shape, lo=0.2, hi=3.0):
    """Positive values (log, sqrt, pow bases)."""
    return Uniform(list(shape), lo, hi)


def NZ(*shape, lo=0.3, hi=2.0):
    return AwayFromZero(list(shape), lo, hi)


def RI(*shape, lo=-2, hi=3):
    return IntValued(list(shape), lo, hi)


def V(values, shape=None, grad=True):
    return Values(values, shape, grad)


def I(*shape, hi, lo=0):  # noqa: E743 - the index spec reads best as I(...)
    return Index(list(shape), hi, lo)


def IV(values, shape=None):
    return IndexValues(values, shape)


def U8(values):
    return SmallIntValues(values, 'uint8')


def I8(values):
    return SmallIntValues(values, 'int8')


def I16(values):
    return SmallIntValues(values, 'int16')


def B(*shape):
    return Mask(list(shape))


def BV(values):
    return MaskValues(values)


# ---------------------------------------------------------------------------------------------
# CASES
# ---------------------------------------------------------------------------------------------

FILES = {}  # op -> {case id -> case}
PROBLEMS = []  # float32 self-check failures


def encode(v):
    if math.isnan(v):
        return 'nan'
    if math.isinf(v):
        return 'inf' if v > 0 else '-inf'
    return v


def float32_values(t):
    """Shortest decimals that read back (parse, then round to float32) as the float32 values."""
    out = []
    for x in t.detach().double().reshape(-1).tolist():
        if not math.isfinite(x):
            out.append(encode(x))
            continue
        short = float(repr(np.float32(x)))
        out.append(short if float(np.float32(short)) == x else x)
    return out


def reference_values(t):
    """float64 references with 12 significant digits (well inside float64's tolerance)."""
    if t.dtype == torch.bool:
        return [int(v) for v in t.reshape(-1).tolist()]
    if not t.is_floating_point():
        return t.reshape(-1).tolist()
    return [encode(float('%.12g' % x)) if math.isfinite(x) else encode(x) for x in t.detach().double().reshape(-1).tolist()]


def dtype_name(t, float_name='float'):
    if t.dtype == torch.bool:
        return 'bool'
    if t.is_floating_point():
        return float_name
    # othergrad's widest integer is int32 (int64 is its alias); the narrow ones are its own.
    if t.dtype in (torch.uint8, torch.int8, torch.int16):
        return str(t.dtype).replace('torch.', '')
    return 'int32'


def as_list(out):
    if isinstance(out, torch.Tensor):
        return [out]
    return list(out)


def materialize(g, like):
    """A plain tensor for a gradient autograd may return as None or as an unallocated ZeroTensor."""
    if g is None or g._is_zerotensor():
        return torch.zeros_like(like).detach()
    return g


def compute(fn, tensors, specs, ws, vs, gradgrad):
    """Outputs, first-order grads and (optionally) second-order grads of one case."""
    leaves = [t.clone().requires_grad_(s.kind == 'float' and s.grad) if s.kind == 'float' else t.clone()
              for t, s in zip(tensors, specs)]
    outs = as_list(fn(*leaves))
    diff = [x for x in leaves if x.requires_grad]
    grads = None
    ggrads = None
    terms = [(o * w).sum() for o, w in zip(outs, ws) if w is not None and o.requires_grad]
    if diff and terms:
        loss = sum(terms)
        gs = torch.autograd.grad(loss, diff, allow_unused=True, create_graph=gradgrad)
        grads = [materialize(gx, x) for x, gx in zip(diff, gs)]
        if gradgrad:
            s = [(gx * v).sum() for gx, v in zip(gs, vs) if gx is not None and gx.requires_grad]
            if s:
                ggs = torch.autograd.grad(sum(s), diff, allow_unused=True)
                ggrads = [materialize(gg, x) for x, gg in zip(diff, ggs)]
            else:
                ggrads = [torch.zeros_like(x).detach() for x in diff]
    return outs, grads, ggrads


def violation(got, expected, tol):
    """Largest ratio of error to allowed error (1 is the limit) between float32 and the float64 reference."""
    rtol, atol = tol
    e = expected.detach().double().reshape(-1)
    a = got.detach().double().reshape(-1)
    finite = e[torch.isfinite(e)]
    scale = finite.abs().max().item() if finite.numel() > 0 else 0.0
    worst = 0.0
    for x, y in zip(a.tolist(), e.tolist()):
        if not math.isfinite(y) or not math.isfinite(x):
            same = (math.isnan(x) and math.isnan(y)) or x == y
            if not same:
                return math.inf
            continue
        allowed = rtol * abs(y) + atol * scale
        err = abs(x - y)
        if err > 0:
            worst = max(worst, err / allowed if allowed > 0 else math.inf)
    return worst


def case(op, cid, fn, *specs, gradgrad=False, out_dtype=None):
    """Records fixture `op/cid`: fn(*inputs) in float64, with gradients; fn may return a tuple."""
    full = f'{op}/{cid}'
    cases = FILES.setdefault(op, {})
    if full in cases:
        raise SystemExit(f'duplicate fixture id {full}')
    g = torch.Generator().manual_seed(zlib.crc32(full.encode()))
    tensors = [s.make(g) for s in specs]
    probe = as_list(fn(*[t.clone() for t in tensors]))
    ws = [f32(torch.randn(o.shape, generator=g, dtype=torch.float64)) if o.is_floating_point() else None for o in probe]
    vs = [f32(torch.randn(t.shape, generator=g, dtype=torch.float64)) for t, s in zip(tensors, specs)
          if s.kind == 'float' and s.grad]
    outs, grads, ggrads = compute(fn, tensors, specs, ws, vs, gradgrad)

    entry = {
        'inputs': [
            {'dtype': s.kind, 'shape': list(t.shape),
             'values': float32_values(t) if s.kind == 'float' else [int(v) for v in t.reshape(-1).tolist()],
             **({'grad': False} if s.kind == 'float' and not s.grad else {})}
            for t, s in zip(tensors, specs)
        ],
        'outputs': [
            {'dtype': out_dtype or dtype_name(o), 'shape': list(o.shape), 'values': reference_values(o),
             **({'w': float32_values(w)} if w is not None and grads is not None else {})}
            for o, w in zip(outs, ws)
        ],
    }
    if grads is not None:
        it = iter(grads)
        entry['grads'] = [reference_values(next(it)) if s.kind == 'float' and s.grad else None for s in specs]
    if ggrads is not None:
        it = iter(ggrads)
        vit = iter(vs)
        entry['gradgrad'] = {
            'v': [float32_values(next(vit)) if s.kind == 'float' and s.grad else None for s in specs],
            'values': [reference_values(next(it)) if s.kind == 'float' and s.grad else None for s in specs],
        }
    cases[full] = entry

    if out_dtype is None:
        check_float32(full, fn, tensors, specs, ws, vs, gradgrad, outs, grads, ggrads)


def check_float32(full, fn, tensors, specs, ws, vs, gradgrad, outs, grads, ggrads):
    """The same case in float32 PyTorch must stay within MARGIN of the float32 tolerances."""
    t32 = [t.float() if s.kind == 'float' else t for t, s in zip(tensors, specs)]
    w32 = [None if w is None else w.float() for w in ws]
    v32 = [v.float() for v in vs]
    o32, g32, gg32 = compute(fn, t32, specs, w32, v32, gradgrad)
    tol = TOLERANCES['float32']
    for i, (a, e) in enumerate(zip(o32, outs)):
        if e.is_floating_point():
            r = violation(a, e, tol['forward'])
            if r > MARGIN:
                PROBLEMS.append(f'{full}: output {i} off by {r:.3g}x the float32 tolerance')
        elif not torch.equal(a, e):
            PROBLEMS.append(f'{full}: output {i} differs in float32')
    for name, got, ref in (('grad', g32, grads), ('gradgrad', gg32, ggrads)):
        if ref is None:
            continue
        for i, (a, e) in enumerate(zip(got, ref)):
            r = violation(a, e, tol['grad'])
            if r > MARGIN:
                PROBLEMS.append(f'{full}: {name} of input {i} off by {r:.3g}x the float32 tolerance')


# ---------------------------------------------------------------------------------------------


# ---------------------------------------------------------------------------------------------
# WRITING
# ---------------------------------------------------------------------------------------------


def write_fixtures(out, generator, allow_float32_problems=False):
    """Writes every recorded case to `out/<op>.json`, replacing the files `generator` wrote before
    (other JSON files in the folder stay).

    Fails, writing nothing, when a case failed its float32 self-check (PROBLEMS) unless
    `allow_float32_problems`. `generator` is recorded in each file (the script that made it).
    Returns (cases, files, bytes) written.
    """
    out = Path(out)
    if PROBLEMS:
        print(f'float32 PyTorch is not within {MARGIN} of the float32 tolerances on these cases:', file=sys.stderr)
        for p in PROBLEMS:
            print('  ' + p, file=sys.stderr)
        if not allow_float32_problems:
            sys.exit(1)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob('*.json'):
        if written_by(old, generator):
            old.unlink()
    total = 0
    size = 0
    for op, cases in sorted(FILES.items()):
        doc = {
            'op': op,
            'generator': generator,
            'torch': torch.__version__,
            'cases': cases,
        }
        text = json.dumps(doc, separators=(',', ':'), allow_nan=False) + '\n'
        (out / f'{op}.json').write_text(text)
        total += len(cases)
        size += len(text)
    return total, len(FILES), size


def written_by(path, generator):
    """Whether `path` is a fixture file that `generator` wrote (its "generator" field)."""
    try:
        return json.loads(path.read_text()).get('generator') == generator
    except (ValueError, AttributeError):
        return False


def main(argv):
    """`othergrad_fixtures.py CASES.py [--out DIR]`: runs the case file, writes DIR/<op>.json."""
    import argparse
    import runpy

    parser = argparse.ArgumentParser(description='Writes othergrad conformance fixtures from a file of case(...) lines.')
    parser.add_argument('cases', help='a Python file of case(...) lines')
    parser.add_argument('--out', default='fixtures', help='the folder for <op>.json (default: fixtures)')
    parser.add_argument('--allow-float32-problems', action='store_true',
                        help='write cases that fail the float32 self-check anyway')
    args = parser.parse_args(argv)
    # A case file that imports this module gets this very instance (one FILES), not a second copy.
    sys.modules.setdefault('othergrad_fixtures', sys.modules[__name__])
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    warnings.filterwarnings('ignore', message='The use of `x.T`')
    torch.use_deterministic_algorithms(True)
    helpers = {k: v for k, v in globals().items() if not k.startswith('_')}
    runpy.run_path(args.cases, init_globals=helpers, run_name='__main__')
    if not FILES:
        raise SystemExit(f'{args.cases} recorded no case; write case(op, id, fn, *inputs) lines')
    total, files, size = write_fixtures(args.out, Path(args.cases).as_posix(), args.allow_float32_problems)
    print(f'wrote {total} cases in {files} files ({size / 1e3:.1f} kB) to {args.out}')


if __name__ == '__main__':
    main(sys.argv[1:])
