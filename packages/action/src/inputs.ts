import type { BackendErrorPolicy } from '@llm-canary/gate'
import { DEFAULT_OVERRIDE_LABEL, DEFAULT_SOURCE, openTraceSource, parseTimeFlag } from '@llm-canary/gate'
import { z } from 'zod'
import { ActionError } from './errors.ts'

/** The action's inputs, as `action.yml` names them. */
export const INPUT_NAMES = [
  'mode',
  'experiment',
  'source',
  'github-token',
  'trace-token',
  'on-backend-error',
  'since',
  'watch-window',
  'reviewers',
  'override-label',
] as const

/** An input's name. */
export type InputName = (typeof INPUT_NAMES)[number]

/** Defaults of the inputs that have one; `action.yml` declares the same (a test holds them equal). */
export const INPUT_DEFAULTS = {
  mode: 'gate',
  experiment: '**/experiment*.y*ml',
  source: DEFAULT_SOURCE,
  'on-backend-error': 'fail',
  'watch-window': '7d',
  'override-label': DEFAULT_OVERRIDE_LABEL,
} as const satisfies Partial<Record<InputName, string>>

/** The inputs, validated and typed. */
export interface ActionInputs {
  readonly mode: 'gate' | 'watch'
  /** Globs (or paths) of experiment files; files under `node_modules` never match. */
  readonly experiment: readonly string[]
  /** The trace source spec (`file:...`, `jaeger:...`, `tempo:...`). */
  readonly source: string
  readonly githubToken: string
  readonly traceToken: string | undefined
  readonly onBackendError: BackendErrorPolicy
  /** Start of every data window, when the `since` input overrides it. */
  readonly since: Date | undefined
  /** How far back `watch` looks for merged bumps. */
  readonly watchSince: Date
  /** Logins to request reviews from on `review`. */
  readonly reviewers: readonly string[]
  /** Teams (`org/team`) to mention on `review`: a workflow token cannot request them. */
  readonly teamReviewers: readonly string[]
  readonly overrideLabel: string
}

/** A GitHub login: letters, digits and single hyphens, at most 39 characters. */
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/
/** A team: `org/team-slug`. */
const TEAM = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9][A-Za-z0-9_.-]*$/

/**
 * Reads and validates every input once, at the edge. Every problem is reported at once, each naming the
 * input, its value and what to write instead; `trace-token` is never echoed.
 *
 * @param read - Reads an input's raw value (`core.getInput`); an unset input reads as ''.
 * @param now - The clock, for durations such as `7d`.
 * @returns The typed inputs, defaults applied.
 * @throws ActionError `INPUT_INVALID` listing every bad input.
 * @example
 * const inputs = readInputs((name) => core.getInput(name), new Date())
 */
export function readInputs(read: (name: InputName) => string, now: Date): ActionInputs {
  const raw = Object.fromEntries(
    INPUT_NAMES.map((name) => {
      const value = read(name).trim()
      const fallback = (INPUT_DEFAULTS as Partial<Record<InputName, string>>)[name]
      return [name, value === '' && fallback !== undefined ? fallback : value]
    }),
  )
  const result = buildSchema(now).safeParse(raw)
  if (result.success) return result.data
  const problems = result.error.issues.map((issue) => `- ${issue.message}`)
  throw new ActionError(
    'INPUT_INVALID',
    `${problems.length === 1 ? 'an input' : `${problems.length} inputs`} cannot be used:\n${problems.join('\n')}`,
  )
}

function buildSchema(now: Date) {
  return z
    .object({
      mode: choice(
        'mode',
        ['gate', 'watch'],
        'gate on pull requests, watch on schedule, push or workflow_dispatch',
      ),
      experiment: z.string().transform((value, ctx) => {
        const globs = value
          .split(/[\n,]/)
          .map((glob) => glob.trim())
          .filter((glob) => glob !== '')
        if (globs.length === 0)
          return fail(ctx, `experiment is empty; write a path or glob such as deploy/experiment.yaml`)
        const absolute = globs.find((glob) => glob.startsWith('/') || glob.startsWith('../'))
        if (absolute !== undefined) {
          return fail(
            ctx,
            `experiment is ${JSON.stringify(absolute)}; write a path relative to the repository root, such as deploy/experiment.yaml`,
          )
        }
        return globs
      }),
      source: z.string().transform((value, ctx) => {
        try {
          openTraceSource(value)
          return value
        } catch (err) {
          return fail(ctx, `source: ${(err as Error).message}`)
        }
      }),
      'github-token': z
        .string()
        .transform((value, ctx) =>
          value === ''
            ? fail(
                ctx,
                `github-token is empty; leave it out to use the workflow's token (github.token), or pass a GitHub App token or a PAT`,
              )
            : value,
        ),
      'trace-token': z.string(),
      'on-backend-error': choice(
        'on-backend-error',
        ['fail', 'neutral'],
        'fail makes an unreadable backend fail the check; neutral reports it without blocking',
      ),
      since: z
        .string()
        .transform((value, ctx) => (value === '' ? undefined : parseTime(ctx, 'since', value, now))),
      'watch-window': z.string().transform((value, ctx) => {
        if (!/^\d+(\.\d+)?\s*[mhdw]$/.test(value)) {
          return fail(ctx, `watch-window is ${JSON.stringify(value)}; write a duration such as 7d, 36h or 2w`)
        }
        return parseTime(ctx, 'watch-window', value, now)
      }),
      reviewers: z.string().transform((value, ctx) => {
        const entries = value
          .split(/[\s,]+/)
          .map((entry) => entry.replace(/^@/, ''))
          .filter((entry) => entry !== '')
        const bad = entries.filter((entry) => !LOGIN.test(entry) && !TEAM.test(entry))
        if (bad.length > 0) {
          return fail(
            ctx,
            `reviewers has ${bad.map((entry) => JSON.stringify(entry)).join(', ')}; write GitHub logins or org/team names separated by commas, such as alice, @bob, acme/ml-platform`,
          )
        }
        return entries
      }),
      'override-label': z
        .string()
        .transform((value, ctx) =>
          value.length > 50
            ? fail(
                ctx,
                `override-label is ${value.length} characters long; GitHub labels hold at most 50 (default canary:override)`,
              )
            : value,
        ),
    })
    .transform((inputs) => ({
      mode: inputs.mode,
      experiment: inputs.experiment,
      source: inputs.source,
      githubToken: inputs['github-token'],
      traceToken: inputs['trace-token'] === '' ? undefined : inputs['trace-token'],
      onBackendError: inputs['on-backend-error'],
      since: inputs.since,
      watchSince: inputs['watch-window'],
      reviewers: inputs.reviewers.filter((entry) => !entry.includes('/')),
      teamReviewers: inputs.reviewers.filter((entry) => entry.includes('/')),
      overrideLabel: inputs['override-label'],
    }))
}

function choice<const T extends readonly [string, ...string[]]>(name: string, values: T, meaning: string) {
  return z.string().transform((value, ctx): T[number] => {
    if ((values as readonly string[]).includes(value)) return value as T[number]
    return fail(ctx, `${name} is ${JSON.stringify(value)}; write ${values.join(' or ')} (${meaning})`)
  })
}

function parseTime(ctx: z.RefinementCtx, name: string, value: string, now: Date): Date {
  try {
    return parseTimeFlag(name, value, now)
  } catch {
    return fail(
      ctx,
      `${name} is ${JSON.stringify(value)}; write a duration back from now (90m, 24h, 14d, 2w) or an ISO time (2026-11-01T12:00:00Z)`,
    )
  }
}

function fail(ctx: z.RefinementCtx, message: string): never {
  ctx.addIssue({ code: 'custom', message })
  return z.NEVER
}
