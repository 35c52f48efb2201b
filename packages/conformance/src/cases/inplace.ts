import { type Tensor } from '@othergrad/core'
import { op, type ConformanceCase } from '../case'

/** An in-place op on a view changes its base, in the graph as well as in the data. */
function throughView(x: Tensor): Tensor {
  const y = x.clone()
  y.view(-1).mul_(2)
  return y
}

export const inplaceCases: ConformanceCase[] = [
  op('inplace', 'add_', (x, y) => x.clone().add_(y)),
  op('inplace', 'add_ alpha broadcast', (x, y) => x.clone().add_(y, 2)),
  op('inplace', 'sub_ scalar', (x) => x.clone().sub_(1.5)),
  op('inplace', 'sub_ alpha', (x, y) => x.clone().sub_(y, -0.5)),
  op('inplace', 'mul_ broadcast', (x, y) => x.clone().mul_(y)),
  op('inplace', 'mul_ self', (x) => x.clone().mul_(x)),
  op('inplace', 'div_', (x, y) => x.clone().div_(y)),
  op('inplace', 'clamp_', (x) => x.clone().clamp_(-0.5, 0.5)),
  op('inplace', 'chain', (x) => x.sin().mul_(2).add_(1).div_(3)),
  op('inplace', 'zero_', (x) => x.clone().zero_()),
  op('inplace', 'fill_', (x) => x.clone().fill_(2.5)),
  op('inplace', 'fill_ then use', (x) => x.clone().fill_(2.5).mul(x)),
  op('inplace', 'copy_', (x, y) => x.clone().copy_(y)),
  op('inplace', 'copy_ broadcast', (x, y) => x.clone().copy_(y).mul(x)),
  op('inplace', 'through a view', throughView),
]
