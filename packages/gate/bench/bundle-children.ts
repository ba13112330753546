import { bundleChildren as bundle } from '@llm-canary/bench-kit'

/**
 * Bundles the benchmark's child processes with bench-kit's `bundleChildren` (tsdown, one ESM file each,
 * workspace packages from their sources), so the measured process runs plain `node` as the CLI ships.
 * DuckDB is a native addon (a devDependency, which tsdown would otherwise inline): it loads from node_modules.
 *
 * @returns The paths of the bundled children, by name.
 */
export async function bundleChildren(): Promise<{
  readonly analyze: string
  readonly read: string
  readonly duckdb: string
}> {
  const paths = await bundle({
    entries: {
      'analyze-child': new URL('analyze-child.ts', import.meta.url),
      'read-child': new URL('read-child.ts', import.meta.url),
      'duckdb-child': new URL('duckdb-child.ts', import.meta.url),
    },
    // Inside the package, so its dependencies resolve from the bundles.
    outDir: new URL('../node_modules/.cache/gate-bench/', import.meta.url),
    neverBundle: [/^@duckdb\//],
  })
  return { analyze: paths['analyze-child']!, read: paths['read-child']!, duckdb: paths['duckdb-child']! }
}
