/**
 * The runner every package's `bench/run.ts` calls: runs the package's `bench/*.bench.ts` modules (each
 * exports `runBench(): Promise<BenchReport>`), writes each report as its section of
 * `docs/benchmarks.md` at the repository root, and prints it.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { dirname, join, relative, sep } from 'node:path'
import { argv } from 'node:process'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { Column } from './markdown.ts'
import { renderReport } from './markdown.ts'
import type { BenchModule } from './report.ts'
import { replaceSection } from './shared-report.ts'

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))
// The shared report, at the repository root.
const REPORT_PATH = join(repoRoot, 'docs', 'benchmarks.md')

/** What `runBenchmarks` needs to know about a package's benchmarks. */
export interface BenchRunOptions<Row> {
  /**
   * `import.meta.url` of the package's `bench/run.ts`: its folder is searched for `*.bench.ts`
   * modules, and its path from the repository root is named in each report's first line.
   */
  readonly runner: string
  /** How the runner is started, named before its path: ``'`pnpm bench`'``; by default only the path. */
  readonly command?: string
  /** The columns of the report's table. */
  readonly columns: readonly Column<Row>[]
  /** Whether the machine description lists the 1-minute load average. */
  readonly loadAverage?: boolean
}

/**
 * Runs every `*.bench.ts` module next to the runner, or only the one the first command-line argument
 * names (`assignment` runs `assignment.bench.ts`), one after the other; writes each report as its
 * section of `docs/benchmarks.md` (the other sections stay) and prints it.
 *
 * @param options - The runner's URL, how it is started, the table's columns, the load average.
 */
export async function runBenchmarks<Row>(options: BenchRunOptions<Row>): Promise<void> {
  const runnerPath = fileURLToPath(options.runner)
  const benchDir = dirname(runnerPath)
  const runnerName = relative(repoRoot, runnerPath).split(sep).join('/')
  const generatedBy = options.command === undefined ? runnerName : `${options.command} (${runnerName})`
  const only = argv[2]
  const files = readdirSync(benchDir)
    .filter((file) => file.endsWith('.bench.ts'))
    .filter((file) => only === undefined || file === `${only}.bench.ts`)
    .sort()
  if (files.length === 0) throw new Error(`no bench/*.bench.ts module matches ${only ?? '(all)'}`)
  for (const file of files) {
    const module = (await import(pathToFileURL(join(benchDir, file)).href)) as BenchModule<Row>
    const loadAtStart = loadavg()[0]
    const report = await module.runBench()
    const markdown = renderReport(report, {
      generatedBy,
      columns: options.columns,
      loadAverage: options.loadAverage === true ? loadAtStart : undefined,
    })
    const current = existsSync(REPORT_PATH) ? readFileSync(REPORT_PATH, 'utf8') : ''
    writeFileSync(REPORT_PATH, replaceSection(current, report.slug, markdown))
    console.log(markdown)
  }
}
