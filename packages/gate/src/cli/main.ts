import { Command } from 'commander'
import { jsonOutputRequested } from '../../bin/error-output.js'
import { ExitCode } from '../../bin/exit-codes.js'
import { GateError } from '../errors.ts'
import { SOURCE_DEFAULTS } from '../sources/source-options.ts'
import type { AnalyzeOptions } from './commands/analyze.ts'
import { analyzeCommand, DEFAULT_DEADLINE_MS, DEFAULT_SOURCE, REPORT_FORMATS } from './commands/analyze.ts'
import { assignCommand } from './commands/assign.ts'
import type { PlanCommandOptions } from './commands/plan.ts'
import { planCommand } from './commands/plan.ts'
import { validateCommand } from './commands/validate.ts'
import { formatDuration } from './flags.ts'
import type { CliIO } from './io.ts'
import { isColorEnabled } from './io.ts'
import { reportError } from './report-error.ts'
import { collectSecrets, createSafeIO } from './safe-output.ts'
import { VERSION } from './version.ts'

/** Exit codes of the `llm-canary` CLI: the one table (`bin/exit-codes.js`). */
export { ExitCode }

/** The exit codes as the help and the docs state them. */
const EXIT_CODES_TEXT =
  'Exit codes: 0 pass, 1 fail, 2 usage or configuration error (or an unexpected error), 3 inconclusive or review, 4 the trace backend could not be read.'

/**
 * Runs the `llm-canary` CLI in-process.
 *
 * Everything it prints or writes goes through one guard (`createSafeIO`): every secret in play masked,
 * control characters escaped. An error is one `error: …` line on stderr (and, with `--format json`, the
 * JSON error document on stdout); an unexpected one exits 2, never 0 or 1.
 *
 * @param argv - the arguments after the program name (`['validate', 'experiment.yaml']`).
 * @param rawIO - where to write; tests pass buffers.
 * @returns the exit code: 0 pass, 1 fail, 2 usage, configuration or unexpected error, 3 inconclusive or
 *   review, 4 the trace backend could not be read.
 * @example
 * process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr })
 */
export async function runCli(argv: readonly string[], rawIO: CliIO): Promise<number> {
  const io = createSafeIO(rawIO, collectSecrets(argv, rawIO.env), isColorEnabled(rawIO))
  let exitCode: number = ExitCode.Pass
  const program = buildProgram(io, (code) => {
    exitCode = code
  })
  try {
    await program.parseAsync([...argv], { from: 'user' })
    return exitCode
  } catch (err) {
    return reportError(err, io, jsonOutputRequested(argv))
  }
}

function buildProgram(io: CliIO, setExitCode: (code: number) => void): Command {
  const program = new Command('llm-canary')
    .description('Canary a new LLM on real traffic and gate the pull request that bumps it.')
    .version(VERSION, '-V, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .showHelpAfterError('(run llm-canary --help for usage)')
    .addHelpText('after', `\n${EXIT_CODES_TEXT}`)

  program
    .command('validate')
    .description('Check an experiment file and print what it will do; every problem is listed with its line.')
    .argument('<file>', 'experiment file (YAML or JSON)')
    .option(
      '-f, --format <format>',
      `output: ${TEXT_FORMATS.join(' or ')} (json: the normalised experiment)`,
      'text',
    )
    .option('--json', 'same as --format json')
    .action(async (file: string, options: FormatOptions) => {
      setExitCode(await validateCommand(file, { json: wantsJson(options) }, io))
    })

  program
    .command('assign')
    .description('Print the arm, model and bucket of unit ids, exactly as the application assigns them.')
    .argument('<file>', 'experiment file (YAML or JSON)')
    .requiredOption('-u, --unit <id>', 'a session, user or thread id (repeat for several)', collect)
    .option('-a, --agent <name>', 'also show the model this graph node is served (agent scope)')
    .option('-f, --format <format>', `output: ${TEXT_FORMATS.join(' or ')}`, 'text')
    .option('--json', 'same as --format json')
    .action(async (file: string, options: FormatOptions & { unit: string[]; agent?: string }) => {
      const { unit, agent } = options
      const json = wantsJson(options)
      setExitCode(await assignCommand(file, agent === undefined ? { unit, json } : { unit, agent, json }, io))
    })

  program
    .command('analyze')
    .description("Read the experiment's spans, run the always-valid statistics and give the verdict.")
    .requiredOption('-e, --experiment <file>', 'experiment file (YAML or JSON)')
    .option(
      '-s, --source <spec>',
      `where the spans are: file:PATH, jaeger:URL, tempo:URL or clickhouse:URL?table=otel_traces (default ${DEFAULT_SOURCE})`,
    )
    .option(
      '--since <when>',
      'start of the window: 24h, 14d, or an ISO time (default: analysis.horizon_days)',
    )
    .option('--until <when>', 'end of the window (default: now)')
    .option('-f, --format <format>', `report format: ${REPORT_FORMATS.join(', ')}`, 'table')
    .option('-o, --output <file>', 'write the report to a file (atomically) instead of stdout')
    .option('--service <name>', 'service.name to search (Jaeger needs one; default: every service)')
    .option('--tenant <id>', 'x-tenant / X-Scope-OrgID header (or LLM_CANARY_TRACE_TENANT)')
    .option(
      '--timeout <duration>',
      'per-request timeout for Jaeger and Tempo: ms, or 30s, 2m (default 10s; 100ms to 10m)',
    )
    .option('--retries <n>', 'retries on timeouts, 429 and 5xx (default 3; 0 to 10)')
    .option(
      '--deadline <duration>',
      `time allowed for the whole read of the traces: 90s, 10m, 1h (default ${formatDuration(DEFAULT_DEADLINE_MS)}; 1s to 24h); past it, no verdict (exit 4)`,
    )
    .option(
      '--max-body-mb <n>',
      `largest trace document read: one HTTP response, one JSON line, one JSON file, decompressed (default ${SOURCE_DEFAULTS.maxBodyBytes / 1_048_576}; 1 to 512; or LLM_CANARY_MAX_BODY_MB)`,
    )
    .option('--planned-units <n>', 'planned units per arm, a whole number (from llm-canary plan)')
    .option('--no-progress', 'no progress line on a terminal')
    .addHelpText(
      'after',
      '\nA bearer token for the backend is read from LLM_CANARY_TRACE_TOKEN (the password for clickhouse:); basic auth from the URL (https://user:pass@host).',
    )
    .action(async (options: AnalyzeOptions) => {
      setExitCode(await analyzeCommand(options, io))
    })

  program
    .command('plan')
    .description('Size the experiment: units per arm per guardrail, and the days at a given traffic.')
    .argument('<file>', 'experiment file (YAML or JSON)')
    .option(
      '-b, --baseline <metric=value>',
      'what a metric is today (repeat): error_rate=0.02, cost_per_run_usd=0.04,sd=0.03, latency_p95_ms=sigma=0.5',
      collect,
    )
    .option(
      '--baselines <file>',
      'baselines file (YAML/JSON): { traffic_per_day, baselines: { metric: ... } }',
    )
    .option('-t, --traffic <units-per-day>', 'units entering the experiment per day, all arms together')
    .option('-f, --format <format>', `output: ${TEXT_FORMATS.join(' or ')}`, 'text')
    .option('--json', 'same as --format json')
    .action(async (file: string, options: FormatOptions & PlanCommandOptions) => {
      const { format: _format, ...planOptions } = options
      setExitCode(await planCommand(file, { ...planOptions, json: wantsJson(options) }, io))
    })

  return program
}

function collect(value: string, previous: readonly string[] = []): string[] {
  return [...previous, value]
}

/** Output formats of `validate`, `assign` and `plan`. */
const TEXT_FORMATS = ['text', 'json'] as const

/** The output flags of `validate`, `assign` and `plan`. */
interface FormatOptions {
  readonly format?: string
  readonly json?: boolean
}

/** Whether the output flags ask for JSON; a format other than `text` or `json` is a usage error. */
function wantsJson(options: FormatOptions): boolean {
  const format = options.format ?? 'text'
  if (!(TEXT_FORMATS as readonly string[]).includes(format)) {
    throw new GateError('USAGE', `--format ${format}: use one of ${TEXT_FORMATS.join(', ')}`)
  }
  return options.json === true || format === 'json'
}
