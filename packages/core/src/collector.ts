import { type StorageRef, liveBytes } from './storageRef'

/**
 * Returns storage to its backend when a tensor is garbage collected without `dispose()`: the
 * backstop for PyTorch-style loops that never dispose. JS GC does not see WASM or GPU memory, and
 * finalizers only run between tasks, so a synchronous training loop would otherwise grow without
 * bound. In Node, core enables V8's `gc` and `FinalizationRegistry.prototype.cleanupSome` (in a
 * fresh VM context) and, at op dispatch when live tensor bytes have doubled, collects and runs
 * the finalizers synchronously. Browsers run finalizers between tasks (every awaited frame).
 */
interface SyncRegistry<T> extends FinalizationRegistry<T> {
  cleanupSome?: (callback?: (held: T) => void) => void
}

type RegistryConstructor = new <T>(cleanup: (held: T) => void) => SyncRegistry<T>

interface NodeHooks {
  gc?: () => void
  Registry?: RegistryConstructor
}

function nodeHooks(): NodeHooks {
  const proc = (globalThis as { process?: { getBuiltinModule?: (name: string) => unknown } })
    .process
  const load = proc?.getBuiltinModule
  if (typeof load !== 'function') return {}
  try {
    const v8 = load('v8') as { setFlagsFromString(flags: string): void }
    const vm = load('vm') as { runInNewContext(code: string): unknown }
    // Both flags take effect in contexts created after they are set, so the new context has them.
    v8.setFlagsFromString('--expose-gc')
    v8.setFlagsFromString('--harmony-weak-refs-with-cleanup-some')
    const gc = vm.runInNewContext('gc') as () => void
    const Registry = vm.runInNewContext('FinalizationRegistry') as RegistryConstructor
    return typeof gc === 'function' ? { gc, Registry } : {}
  } catch {
    return {}
  }
}

function release(ref: StorageRef): void {
  ref.stats.tensors--
  ref.release()
}

const hooks = nodeHooks()
const registry: SyncRegistry<StorageRef> = hooks.Registry
  ? new hooks.Registry<StorageRef>(release)
  : new FinalizationRegistry<StorageRef>(release)

/** Registers a tensor so its storage is released if it is collected undisposed. */
export function watch(tensor: object, ref: StorageRef): void {
  registry.register(tensor, ref, tensor)
}

/** Stops watching a tensor that was disposed explicitly. */
export function unwatch(tensor: object): void {
  registry.unregister(tensor)
}

const MIN_THRESHOLD = 64 * 2 ** 20
let threshold = MIN_THRESHOLD

/**
 * Called where no kernel is mid-flight (op dispatch). When live tensor bytes have doubled since
 * the last collection, runs pending finalizers now, and a full GC if that was not enough.
 */
export function maybeCollect(): void {
  if (liveBytes() < threshold) return
  // Finalizers for what minor GCs already found dead are cheap; a full GC only if still needed.
  registry.cleanupSome?.()
  if (liveBytes() >= threshold) collectGarbage()
  else threshold = Math.max(MIN_THRESHOLD, 2 * liveBytes())
}

/**
 * Releases the storage of every tensor the JS garbage collector has found unreachable, now
 * (Node; elsewhere finalizers run between tasks). Returns the live tensor bytes afterwards.
 */
export function collectGarbage(): number {
  if (registry.cleanupSome && hooks.gc) {
    hooks.gc()
    registry.cleanupSome()
  }
  const after = liveBytes()
  threshold = Math.max(MIN_THRESHOLD, 2 * after)
  return after
}
