/**
 * The demo `pnpm demo` runs: an invoice-processing LangGraph workflow (router → extractor → validator →
 * summarizer) instrumented with llm-canary, served by simulated models, on thousands of sessions split
 * 80/20 between GPT-4.1 and a GPT-5 candidate. It writes the spans to `.llm-canary/traces.jsonl`, runs
 * the gate's analysis over them and prints the verdict, then the `llm-canary analyze` command that
 * reproduces it. Flags: see `USAGE` in demo-options.ts.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { env, stderr, stdout } from 'node:process'
import type { Experiment, VerdictStatus } from '@llm-canary/core'
import { readExperimentFile, renderTerminal } from '@llm-canary/gate'
import { analyzeTraceFile } from './analyze-trace-file.ts'
import type { DemoOptions } from './demo-options.ts'
import { DemoUsageError, readDemoOptions, USAGE } from './demo-options.ts'
import type { DemoPaths } from './demo-paths.ts'
import { quoteArgument, resolveDemoPaths, showPath } from './demo-paths.ts'
import type { InvoiceApp } from './invoice-app.ts'
import { createInvoiceApp } from './invoice-app.ts'
import { createInvoicePool } from './invoices.ts'
import { writePullRequestComment } from './pr-comment.ts'
import { runSessions } from './run-sessions.ts'
import { createSessionProgress } from './session-progress.ts'
import { summarizeRun } from './summarize-run.ts'
import { TIME_SCALE } from './time-scale.ts'
import type { TraceFile } from './trace-file.ts'
import { openTraceFile } from './trace-file.ts'

/** Invoices in the pool: sessions draw from it, so the same inputs recur across arms. */
const POOL_SIZE = 240
/**
 * Keys the conversation ids and input hashes on spans. A real deployment reads a secret shared by every
 * process; the demo's traces hold no personal data, so a fixed key is enough.
 */
const DEMO_HASH_KEY = 'llm-canary-demo-hash-key'

try {
  const options = readDemoOptions(process.argv.slice(2))
  if (options.help) stdout.write(`${USAGE}\n`)
  else await runDemo(options)
} catch (err) {
  if (err instanceof DemoUsageError) {
    stderr.write(`${err.message}\n\n${USAGE}\n`)
    process.exitCode = 2
  } else {
    // llm-canary's errors (a broken experiment file, an unreadable trace file) explain themselves.
    const known = typeof (err as { code?: unknown }).code === 'string' && err instanceof Error
    const detail = err instanceof Error ? (known ? err.message : (err.stack ?? err.message)) : String(err)
    stderr.write(`The demo broke: ${detail}\n`)
    process.exitCode = 1
  }
}

async function runDemo(options: DemoOptions): Promise<void> {
  const paths = resolveDemoPaths({ out: options.out, env, cwd: process.cwd() })
  const { experiment } = await readExperimentFile(paths.experimentPath)
  printIntro(experiment, options, paths)

  const traces = await openTraceFile(paths.tracesPath)
  const app = createInvoiceApp({
    experiment,
    scenario: options.scenario,
    seed: options.seed,
    hashKey: env.LLM_CANARY_HASH_KEY ?? DEMO_HASH_KEY,
    tracer: traces.tracer,
    pool: createInvoicePool({ seed: options.seed, size: POOL_SIZE }),
  })
  const run = await simulateSessions(app, traces, options)
  stdout.write(`${summarizeRun({ experiment, options, shadows: app.shadowStats(), ...run })}\n`)
  stdout.write(`Spans written to ${paths.tracesShown}. Analysing them as the gate would...\n\n`)

  const report = await analyzeTraceFile({ experiment, tracesPath: paths.tracesPath })
  const color = stdout.isTTY === true && env.NO_COLOR === undefined
  // A terminal of unknown size reports 0 columns: keep the report's default width then.
  const width = stdout.columns > 0 ? { width: stdout.columns } : {}
  stdout.write(renderTerminal(report, { color, ...width }))
  const comment = await writePullRequestComment({
    experiment,
    report,
    tracesPath: paths.tracesPath,
    experimentFile: paths.experimentShown,
    tracesShown: paths.tracesShown,
  })
  printOutro(report.verdict.status, options, paths, sessionsToHorizon(experiment))
  stdout.write(
    `The comment the GitHub Action would post on the pull request promoting ${experiment.candidates[0]?.model.id ?? 'the candidate'}: ${showPath(paths.baseDir, comment)}\n`,
  )
}

/** Runs every session with a progress display, drains the background work and commits the trace file. */
async function simulateSessions(
  app: InvoiceApp,
  traces: TraceFile,
  options: DemoOptions,
): Promise<Pick<Parameters<typeof summarizeRun>[0], 'tally' | 'elapsedMs' | 'stalls'>> {
  const startedMs = performance.now()
  const loopDelay = monitorEventLoopDelay({ resolution: 10 })
  loopDelay.enable()
  const progress = createSessionProgress({ total: options.sessions, stream: stderr })
  try {
    const tally = await runSessions({
      total: options.sessions,
      concurrency: options.concurrency,
      runSession: (index) => app.runSession(index),
      onProgress: (done, failed) => progress.update(done, failed),
    })
    progress.stop()
    await app.drain()
    await traces.commit()
    const stalls = { p99Ms: loopDelay.percentile(99) / 1e6, maxMs: loopDelay.max / 1e6 }
    return { tally, elapsedMs: performance.now() - startedMs, stalls }
  } catch (err) {
    progress.stop()
    await traces.discard()
    throw err
  } finally {
    loopDelay.disable()
  }
}

function printIntro(experiment: Experiment, options: DemoOptions, paths: DemoPaths): void {
  const arms = experiment.arms
    .map(
      (arm) =>
        `${arm.name} ${arm.model.id} ${arm.weight}%${arm.shadow > 0 ? ` (+${Number((arm.shadow * 100).toFixed(2))}% of control shadowed)` : ''}`,
    )
    .join(', ')
  const scope = experiment.scopeAgents === undefined ? 'every agent' : experiment.scopeAgents.join(' and ')
  const scenario =
    options.scenario === 'regression'
      ? 'the candidate reasons before answering, misreads more fields, writes some invoice dates as 03/05/2026 and cites other sources'
      : 'the candidate behaves like control (same latency, tokens, errors and answers, within noise)'
  stdout.write(
    [
      'llm-canary demo: invoice processing, router → extractor → validator → summarizer (LangGraph)',
      `Experiment ${experiment.id} (${paths.experimentShown}): ${arms}; the candidate serves ${scope}.`,
      `Scenario ${options.scenario}: ${scenario}.`,
      `Running ${options.sessions.toLocaleString('en-US')} sessions, ${options.concurrency} at a time, seed ${options.seed}. ` +
        `Simulated models wait 1/${TIME_SCALE} of real time: every latency below is scaled down ${TIME_SCALE}×.`,
      '',
    ].join('\n'),
  )
}

function printOutro(status: VerdictStatus, options: DemoOptions, paths: DemoPaths, horizon: number): void {
  const args = [
    'analyze',
    '--experiment',
    quoteArgument(paths.experimentShown),
    '--source',
    quoteArgument(`file:${paths.tracesShown}`),
  ].join(' ')
  stdout.write(
    [
      '',
      `Verdict: ${status.toUpperCase()}. Reproduce it from the trace file (exit code 0 pass, 1 fail, 3 inconclusive or review, as CI sees it):`,
      `  llm-canary ${args}`,
      `  (in this repository: node ${quoteArgument(paths.cliShown)} ${args})`,
      `The demo itself exits 0 whatever the verdict. ${suggestNextRun(status, options, horizon)}`,
      '',
    ].join('\n'),
  )
}

function suggestNextRun(status: VerdictStatus, options: DemoOptions, horizon: number): string {
  const sessions = horizon.toLocaleString('en-US')
  if (options.scenario === 'regression') {
    return `Try --scenario healthy --sessions ${horizon}: a candidate as good as control passes at the plan's horizon.`
  }
  return status === 'pass'
    ? 'Try the default scenario: a candidate that regresses fails.'
    : `The candidate reaches the plan's horizon (max_units_per_arm) at about ${sessions} sessions (--sessions ${horizon}): there a candidate as good as control passes.`
}

/** Sessions until the smallest arm reaches `max_units_per_arm`, rounded up to a thousand. */
function sessionsToHorizon(experiment: Experiment): number {
  const smallest = Math.min(...experiment.arms.map((arm) => arm.weight).filter((weight) => weight > 0))
  const units = experiment.analysis.maxUnitsPerArm ?? 1000
  return Math.ceil((units * 100) / smallest / 1000) * 1000
}
