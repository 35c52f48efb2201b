#!/usr/bin/env python3
"""
Writes @othergrad/op-conv's PyTorch golden fixtures: packages/op-conv/fixtures/<op>.json.

It reuses the repo's fixture machinery (tooling/fixtures/generate.py: `case`, the input specs,
float64 references, the float32 self-check), so a case here reads and is checked exactly like
core's. Sizes are kept small: the conformance suite runs every case on every backend in CI.

Run with the system Python that has PyTorch: /usr/bin/python3 packages/op-conv/tooling/generate.py
"""
import importlib.util
import json
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
ROOT = PACKAGE.parents[1]
spec = importlib.util.spec_from_file_location('fixtures', ROOT / 'tooling' / 'fixtures' / 'generate.py')
fx = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fx)

torch, F = fx.torch, fx.F
case, R, U = fx.case, fx.R, fx.U
OUT = PACKAGE / 'fixtures'


def conv2d_cases():
    c = lambda cid, x, w, b=None, gradgrad=False, **kw: case(
        'conv2d', cid, (lambda x, w, b: F.conv2d(x, w, b, **kw)) if b else (lambda x, w: F.conv2d(x, w, **kw)),
        *([x, w, b] if b else [x, w]), gradgrad=gradgrad)
    c('1x1x5x5 k3', R(1, 1, 5, 5), R(1, 1, 3, 3))
    c('2x3x6x7 o4 k3 bias', R(2, 3, 6, 7), R(4, 3, 3, 3), R(4), gradgrad=True)
    c('stride 2 padding 1', R(2, 3, 7, 7), R(5, 3, 3, 3), R(5), stride=2, padding=1)
    c('stride (2,1) padding (1,2) dilation (1,2)', R(1, 2, 7, 8), R(3, 2, 3, 2), R(3),
      stride=(2, 1), padding=(1, 2), dilation=(1, 2), gradgrad=True)
    c('dilation 2', R(2, 2, 8, 8), R(3, 2, 3, 3), dilation=2)
    c('groups 2', R(2, 4, 6, 5), R(6, 2, 3, 3), R(6), groups=2, padding=1, gradgrad=True)
    c('depthwise groups 3', R(1, 3, 5, 6), R(3, 1, 3, 3), R(3), groups=3, stride=2)
    c('padding same k3', R(2, 3, 5, 5), R(2, 3, 3, 3), R(2), padding='same')
    c('padding same k4x2 dilation 2', R(1, 2, 6, 7), R(3, 2, 4, 2), padding='same', dilation=2)
    c('padding valid', R(1, 5, 6, 6), R(7, 5, 2, 3), R(7), padding='valid')
    c('1x1 kernel', R(2, 5, 4, 3), R(3, 5, 1, 1), R(3), gradgrad=True)
    c('odd channels 5 to 7 k2x3 stride (2,3)', R(3, 5, 9, 10), R(7, 5, 2, 3), R(7), stride=(2, 3))
    c('batch 1 no bias padding larger than kernel', R(1, 3, 4, 4), R(2, 3, 2, 2), padding=3)
    c('stride larger than kernel', R(2, 2, 9, 9), R(4, 2, 2, 2), R(4), stride=3, padding=1)
    c('unbatched 3x6x6', R(3, 6, 6), R(4, 3, 3, 3), R(4), padding=1)


def conv1d_cases():
    c = lambda cid, x, w, b=None, **kw: case(
        'conv1d', cid, (lambda x, w, b: F.conv1d(x, w, b, **kw)) if b else (lambda x, w: F.conv1d(x, w, **kw)),
        *([x, w, b] if b else [x, w]))
    c('2x3x10 o4 k3 bias', R(2, 3, 10), R(4, 3, 3), R(4))
    c('stride 2 padding 2 dilation 2', R(1, 2, 11), R(3, 2, 3), R(3), stride=2, padding=2, dilation=2)
    c('groups 2 padding same', R(2, 4, 9), R(6, 2, 4), groups=2, padding='same')
    c('unbatched 5x7 k1', R(5, 7), R(2, 5, 1), R(2))


def pool_cases():
    # Distinct values (a random permutation) so max pooling meets no ties, whose gradient PyTorch
    # sends to an index chosen by its own scan order.
    class Distinct(fx.Spec):
        def __init__(self, *shape):
            self.shape = list(shape)

        def make(self, g):
            n = 1
            for d in self.shape:
                n *= d
            return fx.f32((torch.randperm(n, generator=g).double() / n - 0.5).reshape(self.shape) * 4)

    D = Distinct
    m = lambda cid, x, *a, **kw: case('maxPool2d', cid, lambda x: F.max_pool2d(x, *a, **kw), x)
    m('k2', D(2, 3, 6, 6), 2)
    m('k3 stride 2 padding 1', D(1, 2, 7, 7), 3, stride=2, padding=1)
    m('k (2,3) stride (1,2)', D(2, 2, 5, 7), (2, 3), stride=(1, 2))
    m('k3 dilation 2', D(1, 3, 8, 9), 3, stride=1, dilation=2)
    m('k2 ceil mode', D(2, 2, 5, 7), 2, ceil_mode=True)
    m('k3 stride 2 padding 1 ceil mode', D(1, 2, 6, 6), 3, stride=2, padding=1, ceil_mode=True)
    m('return indices k2 stride 1', D(2, 3, 4, 5), 2, stride=1, return_indices=True)
    m('unbatched 3x4x4', D(3, 4, 4), 2)
    case('maxPool2d', 'gradgrad k2', lambda x: F.max_pool2d(x, 2), D(1, 2, 4, 4), gradgrad=True)

    a = lambda cid, x, *args, gradgrad=False, **kw: case(
        'avgPool2d', cid, lambda x: F.avg_pool2d(x, *args, **kw), x, gradgrad=gradgrad)
    a('k2', R(2, 3, 6, 6), 2, gradgrad=True)
    a('k3 stride 2 padding 1', R(1, 2, 7, 7), 3, stride=2, padding=1)
    a('k3 stride 2 padding 1 exclude pad', R(1, 2, 7, 7), 3, stride=2, padding=1, count_include_pad=False)
    a('k (2,3) stride (1,2)', R(2, 2, 5, 7), (2, 3), stride=(1, 2))
    a('k2 ceil mode', R(2, 2, 5, 7), 2, ceil_mode=True)
    a('k3 stride 2 padding 1 ceil mode', R(1, 2, 6, 6), 3, stride=2, padding=1, ceil_mode=True)
    a('k3 stride 2 padding 1 ceil mode exclude pad', R(1, 2, 6, 6), 3, stride=2, padding=1,
      ceil_mode=True, count_include_pad=False)
    a('divisor override', R(1, 2, 4, 4), 2, divisor_override=3)

    ad = lambda cid, x, size, gradgrad=False: case(
        'adaptiveAvgPool2d', cid, lambda x: F.adaptive_avg_pool2d(x, size), x, gradgrad=gradgrad)
    ad('6x6 to 3x3', R(2, 3, 6, 6), 3, gradgrad=True)
    ad('5x7 to 2x3', R(1, 2, 5, 7), (2, 3))
    ad('5x7 to 1x1', R(2, 3, 5, 7), 1)
    ad('4x4 to 6x5 (upsampling)', R(1, 2, 4, 4), (6, 5))
    ad('5x6 to (None, 2)', R(1, 2, 5, 6), (None, 2))


def batch_norm_cases():
    def train(x, w, b):
        return F.batch_norm(x, None, None, w, b, training=True, eps=1e-5)

    case('batchNorm2d', 'training 4x3x5x5', train, R(4, 3, 5, 5), U(3, lo=0.5, hi=1.5), R(3), gradgrad=True)
    case('batchNorm2d', 'training 2x5x3x4 no affine', lambda x: F.batch_norm(x, None, None, training=True), R(2, 5, 3, 4))
    case('batchNorm2d', 'eval 2x3x4x4',
         lambda x, rm, rv, w, b: F.batch_norm(x, rm, rv, w, b, training=False, eps=1e-3),
         R(2, 3, 4, 4), R(3, grad=False), U(3, lo=0.5, hi=2.0, grad=False), R(3), R(3))


def enc(t):
    t = t.detach()
    return {'shape': list(t.shape), 'data': t.double().reshape(-1).tolist()}


def small_cnn():
    nn = torch.nn
    return nn.Sequential(
        nn.Conv2d(1, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(4, 6, 3, stride=2, padding='valid'), nn.Dropout2d(0.25), nn.AdaptiveAvgPool2d(1),
        nn.Flatten(), nn.Linear(6, 3))


def layer_fixtures():
    """test/fixtures/layers.json and smallCnn.safetensors: initialisation, state dicts, a small CNN."""
    nn = torch.nn
    sio_spec = importlib.util.spec_from_file_location('safetensors_io', ROOT / 'tooling' / 'fixtures' / 'nn' / 'safetensors_io.py')
    sio = importlib.util.module_from_spec(sio_spec)
    sio_spec.loader.exec_module(sio)
    torch.manual_seed(0)
    layers = [nn.Conv2d(3, 4, 3), nn.Conv1d(2, 3, 2, bias=False), nn.Conv2d(4, 6, (2, 3), groups=2, stride=2)]
    init = [{k: enc(v) for k, v in m.state_dict().items()} for m in layers]

    torch.manual_seed(1)
    model = small_cnn().double()
    bn = model[1]
    with torch.no_grad():
        bn.weight.uniform_(0.5, 1.5)
        bn.bias.normal_()
        bn.running_mean.normal_()
        bn.running_var.uniform_(0.5, 2.0)
        bn.num_batches_tracked.fill_(3)
    state = {k: v.clone() for k, v in model.state_dict().items()}
    sio.save_file({k: (v.float() if v.is_floating_point() else v) for k, v in state.items()},
                  str(PACKAGE / 'test' / 'fixtures' / 'smallCnn.safetensors'))
    model = small_cnn()
    model.load_state_dict({k: (v.float() if v.is_floating_point() else v) for k, v in state.items()})
    model = model.double()
    x = fx.f32(torch.randn(2, 1, 8, 8, dtype=torch.float64))
    model.eval()
    eval_out = model(x)
    model.train()
    model[5].p = 0.0  # deterministic: Dropout2d's mask is tested on its own
    train_out = model(x)
    train_out.square().sum().backward()
    doc = {
        'init': init,
        'keys': list(state.keys()),
        'x': enc(x),
        'evalOut': enc(eval_out),
        'trainOut': enc(train_out),
        'after': {k: enc(v) for k, v in model.state_dict().items() if 'running' in k or 'num_batches' in k},
        'grads': {k: enc(p.grad) for k, p in model.named_parameters()},
    }
    (PACKAGE / 'test' / 'fixtures' / 'layers.json').write_text(json.dumps(doc, separators=(',', ':')) + '\n')
    print('wrote test/fixtures/layers.json and smallCnn.safetensors')


def main():
    torch.use_deterministic_algorithms(True)
    conv2d_cases()
    conv1d_cases()
    pool_cases()
    batch_norm_cases()
    if fx.PROBLEMS:
        print('float32 PyTorch is not within the float32 tolerances on these cases:', file=sys.stderr)
        for p in fx.PROBLEMS:
            print('  ' + p, file=sys.stderr)
        sys.exit(1)
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob('*.json'):
        old.unlink()
    total = size = 0
    for op, cases in sorted(fx.FILES.items()):
        doc = {'op': op, 'generator': 'packages/op-conv/tooling/generate.py', 'torch': torch.__version__, 'cases': cases}
        text = json.dumps(doc, separators=(',', ':'), allow_nan=False) + '\n'
        (OUT / f'{op}.json').write_text(text)
        total += len(cases)
        size += len(text)
    layer_fixtures()
    print(f'wrote {total} cases in {len(fx.FILES)} files ({size / 1e6:.2f} MB) to {OUT.relative_to(ROOT)}')


if __name__ == '__main__':
    main()
