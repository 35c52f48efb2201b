import type { Backend } from '../../backend/backend'
import { findBackend } from '../../backend/registry'
import { recordNode } from '../../autograd/record'
import { isGradEnabled } from '../../autograd/gradMode'
import { fail } from '../../check'
import { maybeCollect } from '../../collector'
import { bytesPerElement, type DataArray } from '../../dtype'
import { StorageRef } from '../../storageRef'
import { Tensor } from '../../tensor'

/**
 * Moving data between backends. `to()` copies and is differentiable, as PyTorch's is: the copy's
 * gradient flows back to the source backend, so gradients arrive on each leaf's own backend.
 * `moveTensors_` (what `model.to()` runs) moves tensors in place: the same objects, new storage.
 */

/** The copy of `x` (whose values were read) on `target`, recording `ToCopyBackward` if tracked. */
function copyOnto(x: Tensor, values: DataArray, target: Backend, tracked: boolean): Tensor {
  maybeCollect()
  const out = Tensor.fromStorage(target, target.write(values, x.dtype), x.shape, x.dtype)
  if (tracked) {
    const source = x.backend
    recordNode('ToCopyBackward', [x], [out], [], (_, [dy]) => [
      dy ? transferSync(dy, source, 'ToCopyBackward') : null,
    ])
  }
  return out
}

/**
 * `x` on `target`, now: the source backend must read synchronously (cpu, wasm). Backward uses it
 * to bring a gradient home; from a backend that cannot (webgpu) that is an error saying what to
 * do instead, never a gradient left on the wrong backend.
 */
export function transferSync(x: Tensor, target: Backend, op = 'toSync'): Tensor {
  if (x.backend === target) return x
  const readSync = x.backend.readSync
  if (!readSync) {
    const why =
      op === 'ToCopyBackward'
        ? `the gradient of a tensor moved from '${target.name}' must come back from '${x.backend.name}', ` +
          `which cannot be read during backward (reads are asynchronous there). Keep what requires ` +
          `grad on the backend that computes the loss: await model.to('${x.backend.name}'), or ` +
          `(await x.to('${x.backend.name}')).detach().requiresGrad_() for a leaf`
        : `backend '${x.backend.name}' cannot be read synchronously; use await t.to('${target.name}')`
    fail(op, why)
  }
  // dataSync reads a view through its strides.
  const values = x.dataSync()
  return copyOnto(x, values, target, isGradEnabled() && x.requiresGrad)
}

/** `x` on `target`, after an asynchronous read (works from every backend). */
export async function transfer(x: Tensor, target: Backend): Promise<Tensor> {
  if (x.backend === target) return x
  // Grad mode as it is at the call, not after the await.
  const tracked = isGradEnabled() && x.requiresGrad
  const values = await x.data()
  return copyOnto(x, values, target, tracked)
}

// MOVING IN PLACE

type Followers = () => Iterable<Tensor>

const followersOf = new WeakMap<Tensor, Set<Followers>>()

/**
 * Makes the tensors `followers()` returns move with `owner` whenever `moveTensors_` moves it
 * (and so `model.to()`): an optimizer registers each parameter's state this way, so momentum
 * buffers and moments follow their parameter to any backend, even from one that reads only
 * asynchronously. `owner` holds the function weakly: it lives no longer than `owner` does.
 */
export function moveWith(owner: Tensor, followers: Followers): void {
  let set = followersOf.get(owner)
  if (!set) followersOf.set(owner, (set = new Set()))
  set.add(followers)
}

/**
 * Moves tensors to `backend` in place, like PyTorch's `param.data = param.data.to(device)`: each
 * keeps its identity, leaf status, `requiresGrad` and hooks, and gets a copy of its values on
 * `backend` as its storage. Each tensor's `.grad` and registered followers (`moveWith`) move
 * too. Tensors that share storage still share it after the move (tied weights stay tied); views
 * not in the list keep the old storage. Everything is read first and swapped in one synchronous
 * step, so a failed read moves nothing.
 *
 * @example
 * await moveTensors_(model.parameters(), 'wasm') // what model.to('wasm') does
 */
export async function moveTensors_(tensors: Iterable<Tensor>, backend: string): Promise<void> {
  const target = findBackend(backend)
  const all = new Set<Tensor>()
  const add = (t: Tensor) => {
    if (!(t instanceof Tensor)) fail('moveTensors_', `expected Tensors, got ${typeof t}`)
    if (all.has(t)) return
    if (t.isDisposed) fail('moveTensors_', `a tensor of shape [${t.shape.join(', ')}] was disposed`)
    all.add(t)
    if (t.grad) add(t.grad)
    for (const followers of followersOf.get(t) ?? []) for (const f of followers()) add(f)
  }
  for (const t of tensors) add(t)

  // Read every storage once (views share one), asynchronously...
  const reads = new Map<StorageRef, { values: DataArray; tensor: Tensor }>()
  for (const t of all) {
    const ref = t.storageRef
    if (t.backend === target || reads.has(ref)) continue
    const count = ref.bytes / bytesPerElement(t.dtype)
    reads.set(ref, { values: await t.backend.read(ref.storage, t.dtype, count), tensor: t })
  }
  // ... then write and swap with no await in between, so no op sees half a move.
  const moved = new Map<StorageRef, StorageRef>()
  try {
    for (const [old, { values, tensor }] of reads) {
      const ref = new StorageRef(target, target.write(values, tensor.dtype), old.bytes)
      // A graph that saved the old data must not run on the moved one unnoticed.
      ref.version = old.version + 1
      moved.set(old, ref)
    }
  } catch (error) {
    for (const ref of moved.values()) ref.release()
    throw error
  }
  const used = new Set<StorageRef>()
  for (const t of all) {
    const ref = moved.get(t.storageRef)
    if (ref === undefined) continue
    if (used.has(ref)) ref.retain()
    used.add(ref)
    t.replaceStorage(ref)
  }
}
