import { type StorageRef, liveBytes } from './storageRef'

/**
 * Returns storage to its backend when a tensor is garbage collected without `dispose()`: the
 * backstop for PyTorch-style loops that never dispose. JS GC does not see WASM or GPU memory, and
 * finalizers only run between tasks, so a synchronous training loop would otherwise grow without
 * bound. In Node, core enables V8's `gc` and `FinalizationRegistry.prototype.cleanupSome` (in a
 * fresh VM context) and, at op dispatch and tensor creation when live tensor bytes have doubled,
 * collects and runs the finalizers synchronously. Browsers run finalizers between tasks (every
 * awaited frame).
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

/** One tensor's hold on its storage, released once: by `dispose()` or, after GC, by the registry. */
class Hold {
  released = false

  constructor(readonly ref: StorageRef) {}
}

/**
 * What a watched tensor keeps, and the registry's target. A bare token rather than the tensor
 * itself: V8's young-generation GC keeps registry targets alive, and a tensor would keep its
 * autograd graph alive with it. `dispose()` marks the hold instead of unregistering, as an
 * unregister token makes every registration several times dearer.
 */
export class WatchToken {
  constructor(readonly hold: Hold) {}
}

function releaseHold(hold: Hold): void {
  if (hold.released) return
  hold.released = true
  hold.ref.stats.tensors--
  hold.ref.release()
}

const hooks = nodeHooks()
const registry: SyncRegistry<Hold> = hooks.Registry
  ? new hooks.Registry<Hold>(releaseHold)
  : new FinalizationRegistry<Hold>(releaseHold)

/** Watches one tensor's hold on `ref`: released when the returned token is collected. */
export function watch(ref: StorageRef): WatchToken {
  const hold = new Hold(ref)
  const token = new WatchToken(hold)
  // The token refers to the hold, never the reverse: a held value must not reach its target.
  registry.register(token, hold)
  return token
}

/** Releases a watched tensor's hold now (its `dispose()`); the finalizer then does nothing. */
export function releaseWatched(token: WatchToken): void {
  releaseHold(token.hold)
}

const MIN_THRESHOLD = 64 * 2 ** 20
let threshold = MIN_THRESHOLD

/**
 * Called where no kernel is mid-flight (op dispatch, tensor creation, a copy onto another
 * backend). When live tensor bytes have doubled since the last collection, runs pending
 * finalizers now, and a full GC if that was not enough.
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
