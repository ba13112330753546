import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'tsdown'

/** What `bundleChildren` builds. */
export interface BundleChildrenOptions {
  /** Child entry points by name: `{ 'analyze-child': new URL('analyze-child.ts', import.meta.url) }`. */
  readonly entries: Readonly<Record<string, URL>>
  /**
   * Where the bundles go: a folder inside the package (under its `node_modules/.cache/`), so the
   * package's dependencies resolve from it.
   */
  readonly outDir: URL
  /** Packages loaded from node_modules as published instead of being inlined (native addons, peers). */
  readonly neverBundle?: readonly RegExp[]
}

/**
 * Bundles a benchmark's child processes with tsdown as the packages ship (one ESM file each), so the
 * measured process runs plain `node` without a TypeScript loader in its memory. Workspace packages
 * are bundled from their sources (the `@llm-canary/source` condition): the benchmark measures the code
 * as it is now, not a stale `dist/`.
 *
 * @param options - Entries, output folder, packages to keep external.
 * @returns The path of each bundled child, by entry name.
 */
export async function bundleChildren(options: BundleChildrenOptions): Promise<Record<string, string>> {
  const outDir = fileURLToPath(options.outDir)
  const entry = Object.fromEntries(
    Object.entries(options.entries).map(([name, url]) => [name, fileURLToPath(url)]),
  )
  await build({
    entry,
    outDir,
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    dts: false,
    clean: true,
    config: false,
    deps: { alwaysBundle: [/^@llm-canary\//], neverBundle: [...(options.neverBundle ?? [])] },
    inputOptions: { resolve: { conditionNames: ['@llm-canary/source', 'import', 'node', 'default'] } },
    logLevel: 'warn',
  })
  return Object.fromEntries(Object.keys(entry).map((name) => [name, join(outDir, `${name}.mjs`)]))
}
