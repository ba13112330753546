import { fileURLToPath } from 'node:url'
import { build } from 'tsdown'

/** Where the bundled child processes are written (inside the package, so its dependencies resolve). */
export const BUNDLE_DIR = fileURLToPath(new URL('../node_modules/.cache/gate-bench/', import.meta.url))

/**
 * Bundles the benchmark's child processes with tsdown, as the CLI ships (one ESM file, dependencies
 * external), so the measured process runs plain `node` without a TypeScript loader in its memory.
 * Workspace packages are bundled from their sources (the `@llm-canary/source` condition), so the
 * benchmark measures the code as it is now, not a stale `dist/`.
 *
 * @returns The paths of the bundled children, by name.
 */
export async function bundleChildren(): Promise<{
  readonly analyze: string
  readonly read: string
  readonly duckdb: string
}> {
  await build({
    entry: {
      'analyze-child': fileURLToPath(new URL('analyze-child.ts', import.meta.url)),
      'read-child': fileURLToPath(new URL('read-child.ts', import.meta.url)),
      'duckdb-child': fileURLToPath(new URL('duckdb-child.ts', import.meta.url)),
    },
    outDir: BUNDLE_DIR,
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    dts: false,
    clean: true,
    config: false,
    // DuckDB is a native addon (a devDependency, which tsdown would otherwise inline): load it from node_modules.
    deps: { alwaysBundle: [/^@llm-canary\//], neverBundle: [/^@duckdb\//] },
    inputOptions: { resolve: { conditionNames: ['@llm-canary/source', 'import', 'node', 'default'] } },
    logLevel: 'warn',
  })
  return {
    analyze: `${BUNDLE_DIR}analyze-child.mjs`,
    read: `${BUNDLE_DIR}read-child.mjs`,
    duckdb: `${BUNDLE_DIR}duckdb-child.mjs`,
  }
}
