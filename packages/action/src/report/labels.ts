import type { VerdictStatus } from '@llm-canary/core'
import type { GitHubApi } from '../github/github-api.ts'

/** The labels the action sets, by verdict, with their colour and description. */
const VERDICT_LABELS = {
  pass: {
    name: 'canary:pass',
    color: '2da44e',
    description: 'llm-canary: the candidate is inside every tolerance',
  },
  fail: {
    name: 'canary:fail',
    color: 'cf222e',
    description: 'llm-canary: the candidate regresses beyond a tolerance',
  },
  review: {
    name: 'canary:needs-review',
    color: 'bf8700',
    description: 'llm-canary: a suspected regression; a person decides',
  },
} as const

/**
 * Puts the label of a verdict on a pull request and takes the other verdict labels off. An inconclusive
 * or skipped verdict takes them all off.
 *
 * @param api - GitHub.
 * @param pullRequest - The number and current labels.
 * @param verdict - The worst verdict over the pull request's experiments.
 */
export async function applyVerdictLabel(
  api: GitHubApi,
  pullRequest: { readonly number: number; readonly labels: readonly string[] },
  verdict: VerdictStatus | 'skipped',
): Promise<void> {
  const wanted =
    verdict === 'pass' || verdict === 'fail' || verdict === 'review' ? VERDICT_LABELS[verdict] : undefined
  for (const label of Object.values(VERDICT_LABELS)) {
    if (label.name !== wanted?.name && pullRequest.labels.includes(label.name)) {
      await api.removeLabel(pullRequest.number, label.name)
    }
  }
  if (wanted !== undefined && !pullRequest.labels.includes(wanted.name)) {
    await api.ensureLabel(wanted.name, wanted.color, wanted.description)
    await api.addLabels(pullRequest.number, [wanted.name])
  }
}
