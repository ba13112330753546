// Rebuilds the bundle into a temporary folder and fails when it differs from the committed dist/:
// the runner runs dist/index.js straight from git, so it must be what the sources build.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from 'esbuild'
import { bundleOptions, DIST_PACKAGE_JSON } from './bundle-options.mjs'

const dist = new URL('../dist', import.meta.url).pathname
const fresh = await mkdtemp(join(tmpdir(), 'llm-canary-dist-'))
try {
  await build(bundleOptions(fresh))
  await writeFile(join(fresh, 'package.json'), DIST_PACKAGE_JSON)
  const expected = (await readdir(fresh)).sort()
  const committed = (await readdir(dist).catch(() => [])).sort()
  const differing = []
  for (const name of new Set([...expected, ...committed])) {
    const [a, b] = await Promise.all([
      readFile(join(fresh, name)).catch(() => undefined),
      readFile(join(dist, name)).catch(() => undefined),
    ])
    if (a === undefined || b === undefined || !a.equals(b)) differing.push(name)
  }
  if (differing.length > 0) {
    console.error(
      `packages/action/dist is not what the sources build (${differing.join(', ')} differ).\n` +
        'Run `pnpm --filter @llm-canary/action bundle` and commit packages/action/dist.',
    )
    process.exitCode = 1
  } else {
    console.log('packages/action/dist matches the sources')
  }
} finally {
  await rm(fresh, { recursive: true, force: true })
}
