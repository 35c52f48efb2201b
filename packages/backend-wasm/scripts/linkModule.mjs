/**
 * Makes an AssemblyScript module relocatable, so that an operator package's module can share the
 * backend's linear memory with the backend's own module and with other packages' modules.
 *
 * AssemblyScript places a module's static data (constant tables such as those behind Math.exp,
 * `memory.data`, strings) at fixed addresses from `--memoryBase` up, and its code refers to them
 * by absolute address: `i32.const` immediates, load/store offsets, globals such as
 * `__heap_base`. It emits no relocation information. So the module is compiled twice, at two
 * memory bases, and the two binaries are compared instruction by instruction: every immediate
 * that differs by exactly the difference of the bases is an address into the static data, and
 * anything else that differs (an address shifted, scaled, or turned into a float) is refused.
 *
 * The linked module is the first build with:
 * - every address immediate re-encoded as a 5-byte LEB, so the backend can rewrite it in place
 *   for wherever its allocator puts the static data, without re-encoding the code (the optimizer
 *   sometimes writes `x + address` as `x - (-address)`: those are found and moved the other way);
 * - no data section: the static data travels as an image that the backend copies once into the
 *   region it reserved (so a worker instantiating the module writes nothing to memory);
 * - the memory import's minimum lowered to 0 (the region lies wherever the allocator put it);
 * - a custom section `othergrad.static`: format version, the build's memory base, the image's
 *   size, the code positions to rewrite (and whether each is an `i32.const`, an unsigned
 *   load/store offset or a negated `i32.const`), the image positions that hold an address (a 32-bit word), then the image.
 *
 * A module that runs code at instantiation (a start function: top-level statements, or the
 * runtime allocator setting itself up) or grows the memory is refused: it would allocate above
 * its static data, in memory the backend's allocator owns.
 */

/** The custom section the backend reads (see src/packageModule.ts). */
export const STATIC_SECTION = 'othergrad.static'
export const STATIC_VERSION = 1

const SECTION = {
  custom: 0,
  type: 1,
  import: 2,
  function: 3,
  table: 4,
  memory: 5,
  global: 6,
  export: 7,
  start: 8,
  element: 9,
  code: 10,
  data: 11,
  dataCount: 12,
}
const SECTION_NAMES = Object.fromEntries(Object.entries(SECTION).map(([k, v]) => [v, k]))

/**
 * Immediates that may hold an address: `i32.const`'s value and a memory access's offset, and the
 * negated address of an `i32.const` the optimizer turned `x + address` into `x - (-address)` for.
 */
const CONST = 0
const OFFSET = 1
const NEGATED = 2

class Reader {
  constructor(bytes, pos = 0) {
    this.bytes = bytes
    this.pos = pos
  }
  u8() {
    if (this.pos >= this.bytes.length) throw new Error('unexpected end of the module')
    return this.bytes[this.pos++]
  }
  /** An unsigned LEB128 (up to 64 bits), as a Number where it fits, else a BigInt. */
  u32() {
    let result = 0
    let shift = 0
    for (;;) {
      const byte = this.u8()
      result += (byte & 0x7f) * 2 ** shift
      shift += 7
      if ((byte & 0x80) === 0) return result
    }
  }
  /** A signed LEB128 of at most 32 bits. */
  s32() {
    let result = 0
    let shift = 0
    let byte
    do {
      byte = this.u8()
      result |= (byte & 0x7f) << shift
      shift += 7
    } while (byte & 0x80)
    if (shift < 32 && byte & 0x40) result |= -1 << shift
    return result | 0
  }
  /** Skips a LEB128 of any length (i64 constants, s33 block types). */
  skipLeb() {
    while (this.u8() & 0x80);
  }
  skip(n) {
    this.pos += n
  }
  name() {
    const n = this.u32()
    const text = new TextDecoder().decode(this.bytes.subarray(this.pos, this.pos + n))
    this.pos += n
    return text
  }
}

function uleb(value) {
  const out = []
  do {
    let byte = value % 128
    value = Math.floor(value / 128)
    if (value > 0) byte |= 0x80
    out.push(byte)
  } while (value > 0)
  return out
}

/** `value` as a LEB128 of exactly 5 bytes (signed for `i32.const`, unsigned for offsets). */
export function paddedLeb(value, signed) {
  const out = []
  let v = signed ? value | 0 : value >>> 0
  for (let i = 0; i < 5; i++) {
    const byte = signed ? v & 0x7f : v % 128
    v = signed ? v >> 7 : Math.floor(v / 128)
    out.push(i < 4 ? byte | 0x80 : byte & 0x7f)
  }
  return out
}

function section(id, payload) {
  return [id, ...uleb(payload.length), ...payload]
}

/** The sections of a module: id, where the payload starts and ends. */
function sections(bytes) {
  const magic = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]
  if (!magic.every((b, i) => bytes[i] === b)) throw new Error('not a WebAssembly module')
  const r = new Reader(bytes, 8)
  const out = []
  while (r.pos < bytes.length) {
    const id = r.u8()
    const size = r.u32()
    out.push({ id, start: r.pos, end: r.pos + size })
    r.pos += size
  }
  return out
}

/** A value type, including `(ref null? ht)`. */
function skipValType(r) {
  const t = r.u8()
  if (t === 0x63 || t === 0x64) r.skipLeb()
}

/** A block type: empty (0x40), a value type, or a type index (s33). */
function skipBlockType(r) {
  const t = r.bytes[r.pos]
  if (t === 0x40 || (t >= 0x6f && t <= 0x7f)) r.skip(1)
  else if (t === 0x63 || t === 0x64) skipValType(r)
  else r.skipLeb()
}

/**
 * Walks instructions from `r.pos` up to and including the `end` that closes the expression (a
 * function body or a constant expression), reporting every immediate that may hold an address:
 * `found(kind, start, end, value)`. Throws on an instruction it does not know, so that nothing
 * unknown is copied blindly; `grow` is called on `memory.grow`.
 */
function walkExpression(r, found, grow) {
  let depth = 0
  const memarg = () => {
    const align = r.u32()
    if (align & 0x40) r.u32() // a memory index (multi-memory)
    const start = r.pos
    const offset = r.u32()
    found(OFFSET, start, r.pos, offset)
  }
  for (;;) {
    const at = r.pos
    const op = r.u8()
    if (op === 0x0b) {
      if (depth-- === 0) return
    } else if (op === 0x02 || op === 0x03 || op === 0x04 || op === 0x06) {
      skipBlockType(r)
      depth++
    } else if (op <= 0x01 || op === 0x05 || op === 0x0f || op === 0x19 || op === 0x1a) {
      // unreachable, nop, else, return, catch_all, drop
    } else if (op === 0x1b || op === 0xd1 || op === 0xd3 || op === 0xd5) {
      // select, ref.is_null, ref.as_non_null, ref.eq
    } else if (
      (op >= 0x07 && op <= 0x09) ||
      op === 0x0c ||
      op === 0x0d ||
      op === 0x10 ||
      op === 0x12 ||
      op === 0x14 ||
      op === 0x15 ||
      op === 0x18 ||
      (op >= 0x20 && op <= 0x26) ||
      op === 0xd2 ||
      op === 0xd4 ||
      op === 0xd6
    ) {
      // one index: catch, throw, rethrow, br, br_if, call, return_call, call_ref, delegate,
      // local/global/table get and set, ref.func, br_on_null, br_on_non_null
      r.u32()
    } else if (op === 0x0e) {
      const n = r.u32()
      for (let i = 0; i <= n; i++) r.u32()
    } else if (op === 0x11 || op === 0x13) {
      r.u32()
      r.u32()
    } else if (op === 0x1c) {
      const n = r.u32()
      for (let i = 0; i < n; i++) skipValType(r)
    } else if (op >= 0x28 && op <= 0x3e) {
      memarg()
    } else if (op === 0x3f || op === 0x40) {
      r.u32()
      if (op === 0x40) grow()
    } else if (op === 0x41) {
      const start = r.pos
      const value = r.s32()
      found(CONST, start, r.pos, value)
    } else if (op === 0x42) {
      r.skipLeb()
    } else if (op === 0x43) {
      r.skip(4)
    } else if (op === 0x44) {
      r.skip(8)
    } else if (op >= 0x45 && op <= 0xc4) {
      // numeric and sign-extension ops: no immediates
    } else if (op === 0xd0) {
      const t = r.u8()
      if (t < 0x6a || t > 0x74) {
        r.pos--
        r.skipLeb()
      }
    } else if (op === 0xfc) {
      const sub = r.u32()
      if (sub <= 7) {
        // saturating truncations
      } else if (sub === 8 || sub === 9) {
        throw new Error('it uses passive data segments (memory.init), which cannot be relocated')
      } else if (sub === 10 || sub === 12 || sub === 14) {
        r.u32()
        r.u32()
      } else if (sub === 11 || sub === 13 || (sub >= 15 && sub <= 17)) {
        r.u32()
      } else throw unknown(at, `0xfc ${sub}`)
    } else if (op === 0xfd) {
      const sub = r.u32()
      if (sub <= 11 || sub === 92 || sub === 93) memarg()
      else if (sub === 12 || sub === 13) r.skip(16)
      else if (sub >= 21 && sub <= 34) r.skip(1)
      else if (sub >= 84 && sub <= 91) {
        memarg()
        r.skip(1)
      } else if (sub > 0x113) throw unknown(at, `0xfd ${sub}`)
    } else if (op === 0xfe) {
      const sub = r.u32()
      if (sub === 3) r.skip(1)
      else if (sub <= 2 || (sub >= 0x10 && sub <= 0x4e)) memarg()
      else throw unknown(at, `0xfe ${sub}`)
    } else throw unknown(at, `0x${op.toString(16)}`)
  }
}

function unknown(at, op) {
  return new Error(`unknown instruction ${op} at byte ${at}`)
}

/**
 * The immediates of an expression that may hold addresses, and the expression's extent: walks
 * from `r.pos` through the closing `end`.
 */
function immediates(r) {
  const start = r.pos
  const found = []
  let grows = false
  walkExpression(
    r,
    (kind, s, e, value) => found.push({ kind, start: s, end: e, value }),
    () => (grows = true),
  )
  return { start, end: r.pos, found, grows }
}

/**
 * Re-encodes an expression (bytes `[start, end)` of build A, immediates `a`) with every
 * immediate that differs from build B's (`b`) by `delta` padded to 5 bytes; records their
 * positions (relative to the returned bytes) in `relocs`. Throws naming `where` when anything
 * else differs.
 */
function relink(bytesA, exprA, bytesB, exprB, delta, where) {
  const { found: a } = exprA
  const { found: b } = exprB
  const mismatch = (what) =>
    new Error(
      `${where}: ${what} differs between the builds at two memory bases, in a way that is not an address into the static data; the module cannot be relocated (is an address shifted, scaled or converted to a float?)`,
    )
  if (a.length !== b.length) throw mismatch('the instruction sequence')
  const out = []
  const relocs = []
  let posA = exprA.start
  let posB = exprB.start
  for (let i = 0; i < a.length; i++) {
    const gapA = bytesA.subarray(posA, a[i].start)
    const gapB = bytesB.subarray(posB, b[i].start)
    if (a[i].kind !== b[i].kind || !equalBytes(gapA, gapB)) throw mismatch('an instruction')
    out.push(...gapA)
    const diff = a[i].kind === CONST ? (b[i].value - a[i].value) | 0 : b[i].value - a[i].value
    if (diff === 0) {
      out.push(...bytesA.subarray(a[i].start, a[i].end))
    } else if (diff === delta || (a[i].kind === CONST && diff === -delta)) {
      relocs.push({ at: out.length, kind: diff === delta ? a[i].kind : NEGATED })
      out.push(...paddedLeb(a[i].value, a[i].kind === CONST))
    } else {
      throw mismatch(
        a[i].kind === CONST ? `the constant ${a[i].value}` : `the offset ${a[i].value}`,
      )
    }
    posA = a[i].end
    posB = b[i].end
  }
  const tailA = bytesA.subarray(posA, exprA.end)
  if (!equalBytes(tailA, bytesB.subarray(posB, exprB.end))) throw mismatch('an instruction')
  out.push(...tailA)
  return { bytes: out, relocs }
}

function equalBytes(a, b) {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/** The code section, relinked: each body re-encoded; relocation positions within the payload. */
function linkCode(bytesA, secA, bytesB, secB, delta) {
  const ra = new Reader(bytesA, secA.start)
  const rb = new Reader(bytesB, secB.start)
  const count = ra.u32()
  if (rb.u32() !== count) throw new Error('the builds have different numbers of functions')
  const payload = uleb(count)
  const relocs = []
  let grows = false
  for (let f = 0; f < count; f++) {
    const endA = ra.u32() + ra.pos
    const endB = rb.u32() + rb.pos
    // Locals: copied as they are (equal in both builds).
    const localsA = ra.pos
    for (let n = ra.u32(); n > 0; n--) {
      ra.u32()
      skipValType(ra)
    }
    const localsB = rb.pos
    for (let n = rb.u32(); n > 0; n--) {
      rb.u32()
      skipValType(rb)
    }
    const locals = bytesA.subarray(localsA, ra.pos)
    if (!equalBytes(locals, bytesB.subarray(localsB, rb.pos))) {
      throw new Error(`function ${f}: locals differ between the builds`)
    }
    const exprA = immediates(ra)
    const exprB = immediates(rb)
    if (ra.pos !== endA || rb.pos !== endB) throw new Error(`function ${f}: body size mismatch`)
    grows ||= exprA.grows
    const body = relink(bytesA, exprA, bytesB, exprB, delta, `function ${f}`)
    const size = locals.length + body.bytes.length
    payload.push(...uleb(size))
    const bodyStart = payload.length + locals.length
    payload.push(...locals, ...body.bytes)
    for (const reloc of body.relocs) relocs.push({ at: bodyStart + reloc.at, kind: reloc.kind })
  }
  return { payload, relocs, grows }
}

/** The global section, relinked the same way (`__heap_base` and the like hold addresses). */
function linkGlobals(bytesA, secA, bytesB, secB, delta) {
  const ra = new Reader(bytesA, secA.start)
  const rb = new Reader(bytesB, secB.start)
  const count = ra.u32()
  rb.u32()
  const payload = uleb(count)
  const relocs = []
  for (let g = 0; g < count; g++) {
    const typeA = ra.pos
    skipValType(ra)
    ra.u8()
    skipValType(rb)
    rb.u8()
    payload.push(...bytesA.subarray(typeA, ra.pos))
    const init = relink(bytesA, immediates(ra), bytesB, immediates(rb), delta, `global ${g}`)
    for (const reloc of init.relocs)
      relocs.push({ at: payload.length + reloc.at, kind: reloc.kind })
    payload.push(...init.bytes)
  }
  return { payload, relocs }
}

/** The import section with the memory's minimum set to 0; checks what is imported. */
function linkImports(bytes, sec) {
  const r = new Reader(bytes, sec.start)
  const count = r.u32()
  const payload = uleb(count)
  let memory = false
  for (let i = 0; i < count; i++) {
    const start = r.pos
    const module = r.name()
    const field = r.name()
    const kind = r.u8()
    const what = `${module}.${field}`
    if (kind === 2) {
      if (what !== 'env.memory')
        throw new Error(`the memory must be imported as env.memory, not ${what}`)
      memory = true
      payload.push(...bytes.subarray(start, r.pos))
      const flags = r.u8()
      r.u32()
      payload.push(flags, 0)
      if (flags & 1) payload.push(...uleb(r.u32()))
      continue
    }
    if (kind !== 0 || what !== 'env.abort') {
      throw new Error(
        `it imports ${what}; a package module may import only env.memory and env.abort (use --use abort= or keep AssemblyScript's abort, and nothing else from the host)`,
      )
    }
    r.u32()
    payload.push(...bytes.subarray(start, r.pos))
  }
  if (!memory) throw new Error('it does not import its memory (compile with --importMemory)')
  return payload
}

/** Active data segments at their absolute offsets; anything else is refused. */
function dataSegments(bytes, sec) {
  if (sec === undefined) return []
  const r = new Reader(bytes, sec.start)
  const segments = []
  for (let n = r.u32(); n > 0; n--) {
    const flags = r.u32()
    if (flags === 1) throw new Error('it has a passive data segment, which cannot be relocated')
    if (flags === 2 && r.u32() !== 0) throw new Error('it writes to a memory other than memory 0')
    if (r.u8() !== 0x41) throw new Error('a data segment has a non-constant offset')
    const offset = r.s32() >>> 0
    if (r.u8() !== 0x0b) throw new Error('a data segment has a non-constant offset')
    const size = r.u32()
    segments.push({ offset, data: bytes.subarray(r.pos, r.pos + size) })
    r.pos += size
  }
  return segments
}

/** The static data as one image from `base`; its 32-bit words that hold addresses. */
function linkData(segsA, segsB, baseA, delta) {
  if (segsA.length !== segsB.length) throw new Error('the builds have different data segments')
  let end = baseA
  for (const s of segsA) {
    if (s.offset < baseA) {
      throw new Error(`a data segment starts at ${s.offset}, below the memory base ${baseA}`)
    }
    end = Math.max(end, s.offset + s.data.length)
  }
  // __heap_base is the end of the static data rounded up to 16.
  const size = Math.ceil((end - baseA) / 16) * 16
  const imageA = new Uint8Array(size)
  const imageB = new Uint8Array(size)
  segsA.forEach((s, i) => {
    if (segsB[i].offset - s.offset !== delta || segsB[i].data.length !== s.data.length) {
      throw new Error('the builds place their data segments differently')
    }
    imageA.set(s.data, s.offset - baseA)
    imageB.set(segsB[i].data, s.offset - baseA)
  })
  // A word that differs by the bases' difference is a pointer into the static data (AssemblyScript
  // aligns them to 4); any other difference cannot be relocated.
  const words = []
  const va = new DataView(imageA.buffer)
  const vb = new DataView(imageB.buffer)
  for (let at = 0; at < size; at += 4) {
    const a = va.getUint32(at, true)
    const b = vb.getUint32(at, true)
    if (a === b) continue
    if (((b - a) | 0) !== delta) {
      throw new Error(
        `the static data at offset ${at} differs between the builds but is not an address`,
      )
    }
    words.push(at)
  }
  return { image: imageA, words }
}

/**
 * Links a module from two builds of the same source, `a` at memory base `baseA` and `b` at
 * `baseB` (both multiples of 64, so the alignment of the static data is kept wherever the
 * backend's 64-byte aligned allocator puts it). Returns the linked module's bytes.
 *
 * @param {Uint8Array} a
 * @param {Uint8Array} b
 * @param {number} baseA
 * @param {number} baseB
 * @returns {Uint8Array}
 */
export function linkModule(a, b, baseA, baseB) {
  if (baseA % 64 !== 0 || baseB % 64 !== 0) throw new Error('memory bases must be multiples of 64')
  const delta = baseB - baseA
  const secsA = sections(a)
  const secsB = sections(b)
  const byId = (secs, id) => secs.find((s) => s.id === id)
  if (byId(secsA, SECTION.start) !== undefined) {
    throw new Error(
      'it has a start function: top-level statements, or the runtime allocator (a `new`, an array or string built at run time) setting itself up; a package module may not allocate, use memory.data for tables and the backend allocator for buffers',
    )
  }
  if (byId(secsA, SECTION.memory) !== undefined) {
    throw new Error('it defines its own memory (compile with --importMemory)')
  }
  // The data travels as the image; the data count goes with the data (memory.init is refused).
  const dropped = [SECTION.custom, SECTION.data, SECTION.dataCount]
  const kept = secsA.filter((s) => !dropped.includes(s.id))
  const keptB = secsB.filter((s) => !dropped.includes(s.id))
  if (kept.length !== keptB.length) throw new Error('the builds have different sections')
  const data = linkData(
    dataSegments(a, byId(secsA, SECTION.data)),
    dataSegments(b, byId(secsB, SECTION.data)),
    baseA,
    delta,
  )
  const out = [...a.subarray(0, 8)]
  const codeRelocs = []
  kept.forEach((sa, i) => {
    const sb = keptB[i]
    let payload
    let relocs = []
    if (sa.id === SECTION.import) payload = linkImports(a, sa)
    else if (sa.id === SECTION.global) ({ payload, relocs } = linkGlobals(a, sa, b, sb, delta))
    else if (sa.id === SECTION.code) {
      const code = linkCode(a, sa, b, sb, delta)
      if (code.grows) {
        throw new Error("it grows the memory (memory.grow); only the backend's allocator may")
      }
      ;({ payload, relocs } = code)
    } else {
      payload = [...a.subarray(sa.start, sa.end)]
      if (!equalBytes(a.subarray(sa.start, sa.end), b.subarray(sb.start, sb.end))) {
        throw new Error(`its ${SECTION_NAMES[sa.id]} section differs between the builds`)
      }
    }
    const header = 1 + uleb(payload.length).length
    for (const r of relocs) codeRelocs.push({ at: out.length + header + r.at, kind: r.kind })
    out.push(...section(sa.id, payload))
  })
  const name = new TextEncoder().encode(STATIC_SECTION)
  const info = [
    ...uleb(STATIC_VERSION),
    ...uleb(baseA),
    ...uleb(data.image.length),
    ...uleb(codeRelocs.length),
    ...codeRelocs.flatMap((r) => [...uleb(r.at), r.kind]),
    ...uleb(data.words.length),
    ...data.words.flatMap((w) => uleb(w)),
  ]
  out.push(...section(SECTION.custom, [...uleb(name.length), ...name, ...info, ...data.image]))
  return Uint8Array.from(out)
}
