/** Allocates at run time (the stub runtime sets itself up in a start function): refused. */
export function squares(n: i32): i32 {
  const values = new Array<i32>(n)
  for (let i = 0; i < n; i++) values[i] = i * i
  return values[n - 1]
}
