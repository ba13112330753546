import type { BenchReport } from '@llm-canary/bench-kit'
import { renderTable } from '@llm-canary/bench-kit'
import type { HeadlineRow, Spread } from './bench-report.ts'
import { formatUs, pairedDifference, spreadOf } from './bench-report.ts'
import type { BenchMode } from './bench-workload.ts'
import { LLM_CALLS_PER_RUN, LLM_NODES } from './bench-workload.ts'
import type { BatchTimes, InterleaveOptions } from './child-pool.ts'
import type { SpanCheck } from './span-check.ts'
import { findSpanProblem } from './span-check.ts'
import type { ConfigurationName } from './tracer-configurations.ts'
import { CONFIGURATION_INFO, CONFIGURATIONS, HEADLINE_CONFIGURATIONS } from './tracer-configurations.ts'

/** Operations whose spans are checked, per mode and configuration (each alone). */
export const CHECKED_OPERATIONS = 3

/** One configuration in one mode: times per operation and per LLM call, and its span checks. */
interface ConfigurationResult {
  /** CPU time per operation, ns. */
  readonly cpuNs: Spread
  /** Wall time per operation, ns. */
  readonly wallNs: Spread
  /** Paired CPU difference from no callbacks, per LLM call, ns. */
  readonly aboveNoneNs: Spread
  /** Paired CPU difference from the no-op handler, per LLM call, ns. */
  readonly aboveFloorNs: Spread
  /** What each checked operation recorded. */
  readonly checks: readonly SpanCheck[]
  /** Why its spans are not complete and parented; undefined when they are (or it records none by design). */
  readonly problem: string | undefined
  /** Entries the tracer holds after the checks, when it can tell. */
  readonly openEntries: number | undefined
}

/** Every configuration's result in one mode. */
export interface ModeResult {
  readonly mode: BenchMode
  readonly options: InterleaveOptions
  /** LLM calls per operation. */
  readonly llmCalls: number
  readonly configurations: ReadonlyMap<ConfigurationName, ConfigurationResult>
}

const MODE_TITLES: Readonly<Record<BenchMode, string>> = {
  direct: 'direct `model.invoke`',
  graph: 'in the graph',
}

/**
 * Turns one mode's batch times and span checks into per-configuration results.
 *
 * @param mode - The mode measured.
 * @param options - Its rounds and batch size.
 * @param times - Per configuration, the batch times by round.
 * @param checks - Per configuration, the span checks and open entries.
 * @returns The mode's results.
 */
export function summariseMode(
  mode: BenchMode,
  options: InterleaveOptions,
  times: ReadonlyMap<ConfigurationName, BatchTimes>,
  checks: ReadonlyMap<
    ConfigurationName,
    { readonly checks: readonly SpanCheck[]; readonly openEntries: number | undefined }
  >,
): ModeResult {
  const llmCalls = mode === 'direct' ? 1 : LLM_CALLS_PER_RUN
  const none = times.get('none')!.cpuNsPerOp
  const floor = times.get('noop')!.cpuNsPerOp
  const perCall = (spread: Spread): Spread => ({
    median: spread.median / llmCalls,
    p25: spread.p25 / llmCalls,
    p75: spread.p75 / llmCalls,
  })
  const configurations = new Map<ConfigurationName, ConfigurationResult>()
  for (const name of CONFIGURATIONS) {
    const series = times.get(name)!
    const checked = checks.get(name)!
    const problems = CONFIGURATION_INFO[name].records
      ? [...new Set(checked.checks.map((check) => findSpanProblem(check, llmCalls)))]
      : [undefined]
    configurations.set(name, {
      cpuNs: spreadOf(series.cpuNsPerOp),
      wallNs: spreadOf(series.wallNsPerOp),
      aboveNoneNs: perCall(pairedDifference(series.cpuNsPerOp, none)),
      aboveFloorNs: perCall(pairedDifference(series.cpuNsPerOp, floor)),
      checks: checked.checks,
      problem: problems.length === 1 ? problems[0] : `varies between operations: ${problems.join(' / ')}`,
      openEntries: checked.openEntries,
    })
  }
  return { mode, options, llmCalls, configurations }
}

const us = (ns: number) => formatUs(ns / 1000)

/**
 * Writes the handler report: the headline (µs per LLM call above the no-op floor, per mode and
 * configuration), the detail per mode, the span checks, the setups and the target's verdict.
 *
 * @param results - Both modes' results.
 * @param exported - Spans each configuration exported in all (measured and checked operations).
 * @param versions - Pinned package versions, by package name.
 * @param load - The machine's load during the runs, as a phrase.
 * @returns The report.
 */
export function describeResults(
  results: readonly ModeResult[],
  exported: ReadonlyMap<string, number>,
  versions: Readonly<Record<string, string>>,
  load: string,
): BenchReport<HeadlineRow> {
  const rows = results.map((result): HeadlineRow => {
    const cells = HEADLINE_CONFIGURATIONS.map((name) => {
      const configuration = result.configurations.get(name)!
      if (name === 'noop') return us(configuration.aboveNoneNs.median)
      const value = us(configuration.aboveFloorNs.median)
      return configuration.problem === undefined ? value : `${value} ✗`
    })
    return { mode: MODE_TITLES[result.mode], cells }
  })
  const first = results[0]!
  return {
    slug: 'handler',
    title: 'The handler beside the tracers users would pick instead',
    description: [
      "Added CPU time **per LLM call**, in µs: the no-op floor column is the no-op handler above no callbacks at all (LangChain's own callback dispatch, which every handler pays); every other column is that tracer **above the no-op floor**. ✗ marks a tracer whose spans are not complete and parented (see the span check below): it is not counted as a peer.",
      '',
      `- Workload, the same in every configuration: a LangGraph \`StateGraph\` of 5 nodes, llm-canary's router node then ${LLM_NODES.map((node) => `\`${node}\``).join(', ')}, each making one call of the same scripted chat model (a LangChain \`BaseChatModel\` reporting usage with cache reads, the response model and the finish reason as ChatOpenAI does; no I/O; \`gpt-4.1\`, which llm-canary prices from its bundled price table). Direct mode calls \`model.invoke(messages)\` once.`,
      "- The same OpenTelemetry SDK everywhere: `BasicTracerProvider` registered globally with a `BatchSpanProcessor` into an exporter that drops the spans (the processor's work stays, the I/O goes), and the `AsyncLocalStorageContextManager`.",
      `- Each configuration runs in its own process (bundled with tsdown, plain \`node\`). The parent asks them for batches in interleaved rounds, the order rotated each round, one process at a time: ${first.options.rounds} rounds of ${results.map((r) => `${r.options.batch} ${r.mode === 'direct' ? 'direct calls' : 'graph runs'}`).join(' and ')}, after ${first.options.warmupRounds} warm-up rounds. A batch is timed in the process's CPU time (user + system, all its threads: garbage collection included), and waits for LangChain's background callbacks.`,
      "- A figure is the median over rounds of the difference between two configurations' batches of the same round, per LLM call (1 per direct call, 4 per graph run); the detail tables give its interquartile range. The target's verdict compares approximate 95% intervals of the medians (1.57 × IQR / √rounds: McGill, Tukey and Larsen's notches) and says \"not resolved\" when they overlap.",
      `- Each configuration's spans are checked on ${CHECKED_OPERATIONS} operations of each mode, one at a time: spans, spans without a parent (roots), spans whose parent it never recorded, LLM spans and those carrying the input token count.`,
    ],
    rows,
    afterTable: [
      ...results.flatMap((result) => modeTable(result)),
      ...checkTable(results),
      ...setupTable(versions),
    ],
    conclusions: [
      ...results.map(targetVerdict),
      ...exportLines(results, exported),
      `The machine is shared with other work (${load}): contention slows every configuration alike within a round, which the paired differences cancel, but it widens their spread (the IQRs in the tables).`,
    ],
  }
}

function modeTable(result: ModeResult): string[] {
  const operation = result.mode === 'direct' ? 'call' : 'run'
  const rows = CONFIGURATIONS.map((name) => {
    const c = result.configurations.get(name)!
    const above = (spread: Spread) => `${us(spread.median)} (${us(spread.p25)} – ${us(spread.p75)})`
    return [
      CONFIGURATION_INFO[name].label,
      us(c.cpuNs.median),
      us(c.wallNs.median),
      name === 'none' ? '' : above(c.aboveNoneNs),
      name === 'none' || name === 'noop' ? '' : above(c.aboveFloorNs),
    ]
  })
  return [
    `### ${MODE_TITLES[result.mode]}: ${result.llmCalls === 1 ? 'one LLM call' : `${result.llmCalls} LLM calls per run`}`,
    '',
    ...renderTable(
      [
        'configuration',
        `CPU µs per ${operation}`,
        `wall µs per ${operation}`,
        'above no callbacks, µs per LLM call (IQR)',
        'above the no-op floor, µs per LLM call (IQR)',
      ],
      [false, true, true, true, true],
      rows,
    ),
    '',
  ]
}

function checkTable(results: readonly ModeResult[]): string[] {
  const describe = (check: SpanCheck | undefined) =>
    check === undefined
      ? ''
      : `${check.spans} / ${check.roots} / ${check.dangling} / ${check.llmSpansWithUsage} of ${check.llmSpans}`
  const rows = CONFIGURATIONS.filter((name) => CONFIGURATION_INFO[name].records).map((name) => {
    const byMode = results.map((result) => result.configurations.get(name)!)
    const problems = results
      .map((result, index) => [result.mode, byMode[index]!.problem] as const)
      .filter(([, problem]) => problem !== undefined)
      .map(([mode, problem]) => `${mode}: ${problem}`)
    return [
      CONFIGURATION_INFO[name].label,
      ...byMode.map((result) => describe(result.checks[0])),
      problems.length === 0 ? 'complete, parented' : problems.join('; '),
    ]
  })
  return [
    '### Span check',
    '',
    'Per operation: spans / roots / spans with a parent never recorded / LLM spans with usage of LLM spans.',
    '',
    ...renderTable(
      ['tracer', ...results.map((result) => MODE_TITLES[result.mode]), 'verdict'],
      [false, ...results.map(() => true), false],
      rows,
    ),
    '',
  ]
}

function setupTable(versions: Readonly<Record<string, string>>): string[] {
  const packages = [
    '@langchain/core',
    '@langchain/langgraph',
    '@opentelemetry/sdk-trace-base',
    '@langfuse/langchain',
    '@traceloop/instrumentation-langchain',
    '@arizeai/openinference-instrumentation-langchain',
  ]
  return [
    '### Configurations',
    '',
    ...renderTable(
      ['configuration', 'setup'],
      [false, false],
      CONFIGURATIONS.map((name) => [CONFIGURATION_INFO[name].label, CONFIGURATION_INFO[name].setup]),
    ),
    '',
    `Versions: ${packages.map((name) => `\`${name}\` ${versions[name] ?? '?'}`).join(', ')}.`,
  ]
}

/**
 * Half-width of the approximate 95% interval of a median from its IQR over n samples (McGill, Tukey
 * and Larsen's notches: 1.57 × IQR / √n).
 */
function notch(spread: Spread, n: number): number {
  return (1.57 * (spread.p75 - spread.p25)) / Math.sqrt(n)
}

function targetVerdict(result: ModeResult): string {
  const ours = result.configurations.get('llm-canary')!
  const peers = HEADLINE_CONFIGURATIONS.filter((name) => name !== 'noop' && name !== 'llm-canary')
    .map((name) => ({ name, result: result.configurations.get(name)! }))
    .filter((peer) => peer.result.problem === undefined)
    .sort((a, b) => a.result.aboveFloorNs.median - b.result.aboveFloorNs.median)
  const title = MODE_TITLES[result.mode]
  const n = result.options.rounds
  const oursUs = ours.aboveFloorNs.median / 1000
  const oursHalf = notch(ours.aboveFloorNs, n) / 1000
  if (ours.problem !== undefined) return `${title}: llm-canary's own spans are not complete: ${ours.problem}.`
  const cheapest = peers[0]
  if (cheapest === undefined) {
    return `${title}: llm-canary ${formatUs(oursUs)} µs per LLM call above the floor; no peer recorded complete, parented spans.`
  }
  const peerUs = cheapest.result.aboveFloorNs.median / 1000
  const targetUs = peerUs / 2
  const targetHalf = notch(cheapest.result.aboveFloorNs, n) / 2000
  // Met or missed only when the medians' 95% intervals say so; on a loaded machine they may not.
  const verdict =
    oursUs + oursHalf <= targetUs - targetHalf
      ? 'met'
      : oursUs - oursHalf > targetUs + targetHalf
        ? `MISSED by ${formatUs(oursUs - targetUs)} µs`
        : 'not resolved by this run (the intervals overlap: rerun on a quieter machine)'
  const interval = (median: number, half: number) => `${formatUs(median - half)} – ${formatUs(median + half)}`
  return (
    `${title}: llm-canary ${formatUs(oursUs)} µs per LLM call above the no-op floor (95% interval of the median ${interval(oursUs, oursHalf)}), ` +
    `${(oursUs / peerUs).toFixed(2)}× the cheapest complete, parented peer (${CONFIGURATION_INFO[cheapest.name].label}, ${formatUs(peerUs)} µs); ` +
    `target at most half of it (${formatUs(targetUs)} µs, interval ${interval(targetUs, targetHalf)}): ${verdict}.`
  )
}

function exportLines(results: readonly ModeResult[], exported: ReadonlyMap<string, number>): string[] {
  const lines: string[] = []
  const short: string[] = []
  for (const name of CONFIGURATIONS) {
    if (!CONFIGURATION_INFO[name].records) continue
    const expected = results.reduce((sum, result) => {
      const operations = (result.options.warmupRounds + result.options.rounds) * result.options.batch
      const spans = result.configurations.get(name)!.checks[0]?.spans ?? 0
      return sum + (operations + CHECKED_OPERATIONS) * spans
    }, 0)
    const got = exported.get(name) ?? 0
    if (got !== expected) short.push(`${CONFIGURATION_INFO[name].label} exported ${got} of ${expected}`)
  }
  lines.push(
    short.length === 0
      ? 'Every tracer exported every span of every measured operation (none dropped by the processor).'
      : `Spans missing at the exporter: ${short.join('; ')}.`,
  )
  const open = results.map((result) => result.configurations.get('llm-canary')!.openEntries)
  lines.push(
    `llm-canary's handler held ${open.join(' and ')} run entries after the checks of each mode (0 expected).`,
  )
  return lines
}
