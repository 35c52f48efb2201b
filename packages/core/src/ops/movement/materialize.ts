import type { Kernel, Storage } from '../../backend/kernels'
import { Tensor } from '../../tensor'

/**
 * A plain copy of the view `x`, from the backend's strided `contiguous` kernel, with no
 * autograd: what runs before a kernel that does not read strides, and before a read.
 */
export function materialize(x: Tensor): Tensor {
  const backend = x.backend
  const kernel = backend.kernels.get('contiguous') as Kernel<null> | undefined
  if (kernel === undefined) {
    throw new Error(`contiguous: backend '${backend.name}' has no strided-copy kernel`)
  }
  const storage = kernel([x], null, [x]) as Storage
  return Tensor.fromStorage(backend, storage, x.shape, x.dtype)
}
