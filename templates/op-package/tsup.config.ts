import { defineConfig } from 'tsup'

// ES module and CommonJS builds with their types; core stays external (a peer dependency), and
// the backends are imported for their types only.
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  external: ['@othergrad/core'],
})
