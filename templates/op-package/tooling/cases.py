# PyTorch's golden values for gelu, one case(...) per line: the op (names fixtures/<op>.json),
# the case id (the conformance case in test/geluCases.ts names the same one), the PyTorch call,
# then its inputs. R(3, 4) is a 3x4 standard-normal float input; V([...]) exact values.
# Regenerate with `npm run fixtures` (needs Python 3 with PyTorch); commit fixtures/.
gelu_tanh = lambda x: F.gelu(x, approximate='tanh')

case('gelu', '3x4', F.gelu, R(3, 4, scale=2.0))
case('gelu', '[]', F.gelu, R())
case('gelu', '0x3', F.gelu, R(0, 3))
case('gelu', '2x3x5 gradgrad', F.gelu, R(2, 3, 5, scale=2.0), gradgrad=True)
case('gelu', 'wide', F.gelu, V([-30.0, -9.0, -5.0, -2.5, -1.0, -1e-4, 0.0, 1e-4, 0.7, 3.0, 9.0, 30.0]))
case('gelu', 'huge', F.gelu, V([-1e30, -1e10, 1e10, 1e30]))
case('gelu', 'nan', F.gelu, V([float('nan'), 1.0, float('inf'), -2.0]))
case('gelu', 'method 2x5', F.gelu, R(2, 5))
case('gelu', 'tanh 3x4', gelu_tanh, R(3, 4, scale=2.0))
case('gelu', 'tanh 2x3x5 gradgrad', gelu_tanh, R(2, 3, 5, scale=2.0), gradgrad=True)
case('gelu', 'tanh wide', gelu_tanh, V([-30.0, -9.0, -5.0, -2.5, -1.0, -1e-4, 0.0, 1e-4, 0.7, 3.0, 9.0, 30.0]))
case('gelu', 'tanh 37 (simd tail)', gelu_tanh, R(37, scale=3.0))
