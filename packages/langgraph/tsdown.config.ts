import { defineConfig } from 'tsdown'

export default defineConfig({
  // One entry per export: the main one needs no `langchain` and no OpenTelemetry SDK; the others do.
  entry: ['src/index.ts', 'src/middleware.ts', 'src/init-chat-model.ts', 'src/file-exporter.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  platform: 'node',
  target: 'node20',
  fixedExtension: false,
  sourcemap: true,
})
