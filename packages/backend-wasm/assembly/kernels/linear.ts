/** The bias half of the fused linear: the matmul then accumulates onto these rows. */
import { F32 } from '../simd'

/** Copies the `n`-long `bias` into each of `rows` rows of `out`. */
export function biasRows(dtype: i32, bias: usize, out: usize, rows: i32, n: i32): void {
  const rowBytes = (<usize>n) << (dtype == F32 ? 2 : 3)
  for (let r = 0; r < rows; r++) memory.copy(out + <usize>r * rowBytes, bias, rowBytes)
}
