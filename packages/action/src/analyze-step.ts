import type { Experiment } from '@llm-canary/core'
import type { AnalysisReport, DataWindow, GateErrorCode } from '@llm-canary/gate'
import { analyzeSpansInDetail, exitCodeOfError, openTraceSource, SecretRedactor } from '@llm-canary/gate'

/** How to reach the trace backend. */
export interface TraceAccess {
  /** The `source` input. */
  readonly source: string
  /** The `trace-token` input: sent as `Authorization: Bearer`. */
  readonly token: string | undefined
  /** `LLM_CANARY_TRACE_TENANT`, as the CLI reads it. */
  readonly tenant: string | undefined
  /** Where the source's warnings go (skipped spans, truncated searches). */
  readonly onWarning: (message: string) => void
  /** The `fetch` the backend sources use (tests); default the global one. */
  readonly fetch?: typeof fetch
}

/** An analysis, or why the backend could not be read. */
export type StepAnalysis =
  | { readonly report: AnalysisReport; readonly backendError?: undefined }
  | {
      readonly report?: undefined
      readonly backendError: { readonly source: string; readonly reason: string }
    }

/**
 * Whether a gate error means "the data could not be read" (not "the user configured it wrong"): the
 * codes the CLI exits 4 for, plus a trace file the runner cannot read.
 */
function isUnreadableData(code: unknown): boolean {
  if (typeof code !== 'string') return false
  return code === 'FILE_UNREADABLE' || exitCodeOfError(code as GateErrorCode) === 4
}

/**
 * Reads an experiment's spans in a data window and runs the gate's analysis. A backend that cannot be
 * read is returned (which backend, why — never the token), so `on-backend-error` can decide.
 *
 * @param experiment - The configuration that produced the data.
 * @param window - Where the data starts.
 * @param access - Source, token, tenant and warning sink.
 * @param now - The window's end.
 * @returns The report, or the backend error.
 * @throws GateError for anything but an unreadable backend (a bad window).
 */
export async function analyzeStep(
  experiment: Experiment,
  window: DataWindow,
  access: TraceAccess,
  now: Date,
): Promise<StepAnalysis> {
  const source = openTraceSource(access.source, {
    onWarning: access.onWarning,
    ...(access.token === undefined ? {} : { headers: { Authorization: `Bearer ${access.token}` } }),
    ...(access.tenant === undefined || access.tenant === '' ? {} : { tenant: access.tenant }),
    ...(access.fetch === undefined ? {} : { fetch: access.fetch }),
  })
  const since = window.since.getTime() < now.getTime() ? window.since : new Date(now.getTime() - 60_000)
  try {
    const { report } = await analyzeSpansInDetail({ experiment, source, since, until: now, now: () => now })
    return { report }
  } catch (err) {
    if (!isUnreadableData((err as { code?: unknown }).code)) throw err
    const redactor = new SecretRedactor().add(access.token).addUrlCredentials(access.source)
    return {
      backendError: {
        source: redactor.redact(source.description),
        reason: redactor.redact((err as Error).message),
      },
    }
  }
}
