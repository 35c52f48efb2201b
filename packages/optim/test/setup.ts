import { setBackend, use } from '@othergrad/core'
import { cpuBackend } from '@othergrad/backend-cpu'

let ready: Promise<unknown> | undefined

/** Registers the CPU backend once per test file and makes it active. */
export function useCpu(): Promise<unknown> {
  if (!ready) {
    use(cpuBackend())
    ready = setBackend('cpu')
  }
  return ready
}
