// Builds dist/index.js (and dist/package.json), the file action.yml runs. Run: pnpm --filter @llm-canary/action bundle
import { mkdir, writeFile } from 'node:fs/promises'
import { build } from 'esbuild'
import { bundleOptions, DIST_PACKAGE_JSON } from './bundle-options.mjs'

const dist = new URL('../dist', import.meta.url).pathname
await mkdir(dist, { recursive: true })
await build(bundleOptions(dist))
await writeFile(`${dist}/package.json`, DIST_PACKAGE_JSON)
console.log(`bundled ${dist}/index.js`)
