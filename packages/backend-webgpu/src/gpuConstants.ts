/**
 * WebGPU's flag values, spelled out so the backend works with a device handed in from anywhere
 * (Dawn in Node, a browser) without relying on the `GPUBufferUsage` / `GPUMapMode` globals.
 */
export const BufferUsage = {
  MAP_READ: 0x0001,
  MAP_WRITE: 0x0002,
  COPY_SRC: 0x0004,
  COPY_DST: 0x0008,
  UNIFORM: 0x0040,
  STORAGE: 0x0080,
} as const

export const MapMode = { READ: 0x0001 } as const
