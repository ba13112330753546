import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'vitest'
import type {
  CheckRunState,
  CommentState,
  FakeGitHub,
  PullState,
  RecordedRequest,
} from '../../github-fake/index.ts'
import { startFakeGitHub } from '../../github-fake/index.ts'
import { repoRoot } from '../../helpers/cli.ts'
import type { ActionRun } from '../../helpers/run-action.ts'
import { runAction } from '../../helpers/run-action.ts'
import type { CanaryTraffic } from './canary-traces.ts'
import { writeCanaryTraces } from './canary-traces.ts'
import type { ExampleWorkflow } from './example-workflows.ts'
import { expandStepInputs, readExampleWorkflow, readReadmeWorkflowRun } from './example-workflows.ts'
import { EXPERIMENT_PATH, rampCandidate } from './experiment-texts.ts'

/** The committed bundle and its metadata, run exactly as `uses: llm-canary/llm-canary@v0` would. */
const ENTRY = join(repoRoot, 'packages/action/dist/index.js')
const ACTION_YML = join(repoRoot, 'action.yml')

/**
 * A scenario's time limit. Each run is a child process doing the real work (GitHub over HTTP, the
 * analysis of thousands of spans), and a scenario has up to four runs: on a shared 2-core machine under
 * load that can take minutes. The suite's speed is measured, not asserted.
 */
export const SCENARIO_TIMEOUT_MS = 240_000

/** Where every scenario keeps its spans: the action's default `file:` source, in the workspace. */
const TRACE_SOURCE = 'file:.llm-canary/traces.jsonl'

/** One entry of the `report-json` file. */
interface ReportEntry {
  readonly experiment: string
  readonly file: string
  readonly check: string
  readonly step: string
  readonly outcome: string
  readonly verdict: string
  readonly title: string
  readonly since: string | null
  readonly overriddenBy?: string
  readonly backendError?: { readonly source: string; readonly reason: string }
  readonly report: {
    readonly verdict: { readonly status: string }
    readonly agents: readonly { readonly agent: string }[]
  } | null
}

/** A run of the action, with what it wrote and which GitHub requests it made. */
export interface ScenarioRun extends ActionRun {
  /** The parsed `report-json` file (empty when the output is missing). */
  readonly report: readonly ReportEntry[]
  /** This run's requests to the offline GitHub, in order. */
  readonly requests: readonly RecordedRequest[]
  /** Those that change something (every REST method but GET, and GraphQL mutations). */
  readonly writes: readonly RecordedRequest[]
  /** The workflow-command annotations printed (`::error::`, `::warning::`, `::notice::`). */
  readonly annotations: readonly { level: string; message: string; file?: string; line?: string }[]
}

interface RunOptions {
  /** Spans in the workspace's trace file; none when omitted (an empty file). */
  readonly traffic?: readonly CanaryTraffic[]
  /** Overrides of the example step's `with:` (beyond the trace source, which is always the file). */
  readonly inputs?: Readonly<Record<string, string>>
}

/** What a run should have decided. */
export interface ExpectedRun {
  readonly exitCode: 0 | 1
  /** The `verdict` output. */
  readonly verdict: string
  /** Each `report-json` entry's outcome, in order. */
  readonly outcomes: readonly string[]
  /** The `revert-pr` output (default empty). */
  readonly revertPr?: string
}

/** How to run the gate example on a pull request. */
export interface GateRunOptions extends RunOptions {
  /** Default the example's `pull_request_target`; `pull_request` for a fork's run, `workflow_run` for the README's setup. */
  readonly event?: 'pull_request_target' | 'pull_request' | 'workflow_run'
  /** The pull request event's action (default `opened`). */
  readonly action?: string
  /** A fork's run under `pull_request`: GitHub's read-only token and no secrets (not for `workflow_run`). */
  readonly fork?: boolean
}

/** How to run the watch example. */
export interface WatchRunOptions extends RunOptions {
  readonly event?: 'schedule' | 'push' | 'workflow_dispatch'
}

/**
 * One offline repository (`acme/support-bot`) shared by a test file's scenarios, and the two example
 * workflows run against it the way the runner runs them: the committed bundle as a child process, the
 * example step's `with:` as inputs (unknown ones are refused by `runAction`, so the examples' inputs are
 * proven to exist), `${{ secrets.TRACE_TOKEN }}` expanded, and a workflow token with exactly the example's
 * `permissions:`.
 */
export class ActionScenario {
  /** What `${{ secrets.* }}` holds in the scenarios' repository. */
  readonly secrets = { TRACE_TOKEN: 'trace-secret-9f2c41d7' } as const
  readonly gateWorkflow: ExampleWorkflow = readExampleWorkflow('model-canary-gate.yml')
  readonly watchWorkflow: ExampleWorkflow = readExampleWorkflow('model-canary-watch.yml')
  /** The README's `workflow_run` setup: the gate after a pull request's CI, reporting commit statuses. */
  readonly workflowRunWorkflow: ExampleWorkflow = readReadmeWorkflowRun()

  private constructor(readonly gh: FakeGitHub) {}

  /** Starts the offline GitHub with an empty `main`. */
  static async start(): Promise<ActionScenario> {
    return new ActionScenario(
      await startFakeGitHub({ owner: 'acme', repo: 'support-bot', defaultBranch: 'main' }),
    )
  }

  /**
   * Runs the gate example on a pull request event — or, for `workflow_run`, the README's setup once the
   * pull request's CI run completed.
   */
  async runGate(number: number, options: GateRunOptions = {}): Promise<ScenarioRun> {
    const event = options.event ?? 'pull_request_target'
    const workflow = event === 'workflow_run' ? this.workflowRunWorkflow : this.gateWorkflow
    const fork = options.fork === true
    const token = fork
      ? this.gh.token('fork')
      : this.gh.token('actions', { permissions: workflow.permissions })
    const action = options.action ?? (event === 'workflow_run' ? 'completed' : 'opened')
    return this.#run(workflow, token, fork ? {} : this.secrets, options, () =>
      this.gh.runContext(event, action, number),
    )
  }

  /** Runs the watch example on a schedule (or a push to main, or a manual dispatch). */
  async runWatch(options: WatchRunOptions = {}): Promise<ScenarioRun> {
    const token = this.gh.token('actions', { permissions: this.watchWorkflow.permissions })
    return this.#run(this.watchWorkflow, token, this.secrets, options, () =>
      this.gh.runContext(options.event ?? 'schedule'),
    )
  }

  /**
   * Opens alice's pull request (or, with `fork`, the fork owner's) that ramps the candidate of an
   * experiment file to `weight` percent: branch `ramp-<weight>` unless `head` says otherwise.
   */
  openRamp(
    text: string,
    weight: number,
    options: { readonly path?: string; readonly head?: string; readonly fork?: string } = {},
  ): PullState {
    return this.gh.openPullRequest({
      head: options.head ?? `ramp-${weight}`,
      files: { [options.path ?? EXPERIMENT_PATH]: rampCandidate(text, weight) },
      author: options.fork ?? 'alice',
      title: `Ramp gpt-5 to ${weight}%`,
      ...(options.fork === undefined ? {} : { fork: options.fork }),
    })
  }

  /** The comments on a pull request. */
  commentsOn(number: number): CommentState[] {
    return this.gh.state.comments.filter((comment) => comment.issueNumber === number)
  }

  /** The check runs on a commit, oldest first. */
  checkRunsOn(sha: string): CheckRunState[] {
    return this.gh.state.checkRuns.filter((run) => run.headSha === sha)
  }

  /** A pull request's labels. */
  labelsOf(number: number): string[] {
    return [...this.gh.state.pull(number).labels]
  }

  /** Stops the offline GitHub. */
  close(): Promise<void> {
    return this.gh.close()
  }

  async #run(
    workflow: ExampleWorkflow,
    token: string,
    secrets: Readonly<Record<string, string>>,
    options: RunOptions,
    context: () => ReturnType<FakeGitHub['runContext']>,
  ): Promise<ScenarioRun> {
    const workspace = mkdtempSync(join(tmpdir(), 'canary-workspace-'))
    writeCanaryTraces(join(workspace, '.llm-canary/traces.jsonl'), options.traffic ?? [])
    const first = this.gh.requests.length
    const run = await runAction({
      entry: ENTRY,
      actionYml: ACTION_YML,
      github: this.gh,
      token,
      cwd: workspace,
      timeoutMs: SCENARIO_TIMEOUT_MS / 2,
      inputs: expandStepInputs(workflow, secrets, { source: TRACE_SOURCE, ...options.inputs }),
      ...context(),
    })
    const requests = this.gh.requests.slice(first)
    const reportPath = run.outputs['report-json']
    return {
      ...run,
      report:
        reportPath === undefined || reportPath === ''
          ? []
          : (JSON.parse(readFileSync(reportPath, 'utf8')) as ReportEntry[]),
      requests,
      writes: requests.filter((r) =>
        r.operation === 'POST /graphql'
          ? /^\s*mutation\b/.test(String((r.body as { query?: unknown })?.query))
          : r.method !== 'GET',
      ),
      annotations: run.commands
        .filter((c) => ['error', 'warning', 'notice'].includes(c.command))
        .map((c) => ({
          level: c.command,
          message: c.message,
          ...(c.properties.file === undefined ? {} : { file: c.properties.file }),
          ...(c.properties.line === undefined ? {} : { line: c.properties.line }),
        })),
    }
  }

  /**
   * Checks what a run decided — its exit code, the three outputs, the outcome of each `report-json`
   * entry — and everything `expectClean` checks.
   */
  expectRun(run: ScenarioRun, expected: ExpectedRun): void {
    this.expectClean(run)
    expect(run.exitCode).toBe(expected.exitCode)
    expect(run.outputs).toEqual({
      verdict: expected.verdict,
      'report-json': expect.stringMatching(/llm-canary-report\.json$/),
      'revert-pr': expected.revertPr ?? '',
    })
    expect(run.report.map((entry) => entry.outcome)).toEqual(expected.outcomes)
  }

  /**
   * What every scenario run must hold: no request broke GitHub's OpenAPI or GraphQL schema, none was
   * refused for want of a permission, nothing on stderr (no stack trace), and no secret printed,
   * summarised or sent to GitHub.
   */
  expectClean(run: ScenarioRun): void {
    expect(this.gh.violations).toEqual([])
    expect(run.stderr).toBe('')
    // The example's `permissions:` sufficed: GitHub refused nothing (the action would only have warned).
    expect(run.requests.filter((r) => r.status === 401 || r.status === 403)).toEqual([])
    const printed = run.stdout
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n')
    const sent = JSON.stringify(run.requests.map((r) => r.body))
    for (const secret of Object.values(this.secrets)) {
      expect(printed).not.toContain(secret)
      expect(run.summary).not.toContain(secret)
      expect(sent).not.toContain(secret)
    }
  }
}
