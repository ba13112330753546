import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

/** The test-only engines resolver (test/helpers/test-engines.ts), reached by URL so tsc keeps to this package. */
const ENGINES_RESOLVER = new URL('../../../../test/helpers/test-engines.ts', import.meta.url)

/** The part of chDB's `Session` the scripts use (chdb ships its own types in test/engines). */
interface ChdbSession {
  queryAsync(
    query: string,
    options?: { readonly format?: string },
  ): Promise<{
    readonly rowsRead: number
    readonly bytesRead: number
    readonly elapsed: number
    bytes(): Uint8Array
  }>
  insert(params: {
    readonly table: string
    readonly values: AsyncIterable<string | Buffer>
    readonly format: 'JSONEachRow'
  }): Promise<{ readonly rowsWritten: number }>
  close(): void
}

interface ChdbModule {
  readonly Session: new (
    path?: string,
    options?: { readonly connectionArgs?: readonly string[] },
  ) => ChdbSession
}

/** The one cluster the engine knows: a single local shard, so a `Distributed` table reads its local table. */
export const LOCAL_CLUSTER = 'llm_canary_local'

/** What one query returned: its output, in the format it asked for, and what the engine read. */
export interface EngineResult {
  readonly body: Uint8Array
  readonly rowsRead: number
  readonly bytesRead: number
  readonly elapsedSeconds: number
}

/** An in-process ClickHouse (chDB) with a data folder of its own. */
export interface ChdbEngine {
  /** The engine's version, `SELECT version()`. */
  readonly version: string
  /**
   * Runs SQL (several statements separated by `;` allowed); the last statement's output is returned.
   *
   * @throws Error with ClickHouse's own `Code: N. DB::Exception: ...` message when the engine refuses it.
   */
  query(sql: string, format?: string): Promise<EngineResult>
  /** Inserts JSON lines (`JSONEachRow`) into a table, streamed, with back-pressure. */
  insertJsonLines(table: string, lines: AsyncIterable<string>): Promise<number>
  /** Releases the engine and removes its data folder. */
  close(): void
}

/**
 * Starts chDB (ClickHouse 26 in-process, from `test/engines/`, installed by `pnpm test:engines`) in a
 * temporary data folder, configured with one cluster, `llm_canary_local`, whose only shard is this very
 * engine: a `Distributed(llm_canary_local, db, table)` table then reads its local MergeTree as a real
 * cluster would, through ClickHouse's distributed query path.
 *
 * @returns The engine.
 * @throws Error naming `pnpm test:engines` when chDB is not installed.
 */
export async function startChdbEngine(): Promise<ChdbEngine> {
  const chdb = await loadChdb()
  const folder = mkdtempSync(join(tmpdir(), 'llm-canary-chdb-'))
  const config = join(folder, 'config.xml')
  // The engine counts as a local replica only when the port matches its own tcp_port.
  writeFileSync(
    config,
    `<clickhouse><tcp_port>9000</tcp_port><remote_servers><${LOCAL_CLUSTER}><shard><replica>` +
      `<host>localhost</host><port>9000</port></replica></shard></${LOCAL_CLUSTER}></remote_servers></clickhouse>\n`,
  )
  const session = new chdb.Session(join(folder, 'data'), { connectionArgs: [`--config-file=${config}`] })
  const query = async (sql: string, format = 'TabSeparated'): Promise<EngineResult> => {
    const result = await session.queryAsync(sql, { format })
    return {
      body: result.bytes(),
      rowsRead: result.rowsRead,
      bytesRead: result.bytesRead,
      elapsedSeconds: result.elapsed,
    }
  }
  const version = Buffer.from((await query('SELECT version()')).body)
    .toString('utf8')
    .trim()
  return {
    version,
    query,
    async insertJsonLines(table, lines) {
      const summary = await session.insert({ table, values: lines, format: 'JSONEachRow' })
      return summary.rowsWritten
    },
    close() {
      session.close()
      rmSync(folder, { recursive: true, force: true })
    },
  }
}

async function loadChdb(): Promise<ChdbModule> {
  const resolver = (await import(ENGINES_RESOLVER.href)) as {
    readonly resolveTestEngine: (specifier: string) => string
  }
  const module = (await import(pathToFileURL(resolver.resolveTestEngine('chdb')).href)) as {
    readonly default?: ChdbModule
  } & Partial<ChdbModule>
  const chdb = module.default ?? module
  if (chdb.Session === undefined) throw new Error('the chdb module in test/engines has no Session export')
  return chdb as ChdbModule
}
