import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { createGitHubRecorder, emptyRepoState, REPO, repoRoutes, sha } from './action.fixture.ts'
import { INPUT_DEFAULTS } from './inputs.ts'

const bundle = fileURLToPath(new URL('../dist/index.js', import.meta.url))
/** The Node that runs the bundle: this one, or another (the runner's Node 24) named by LLM_CANARY_ACTION_NODE. */
const node = process.env.LLM_CANARY_ACTION_NODE ?? process.execPath
let dir: string | undefined
afterEach(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
  dir = undefined
})

/** Runs the committed bundle as the runner does: `node dist/index.js` with INPUT_* (hyphens kept) and file commands. */
function runBundle(
  env: Record<string, string>,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(node, [bundle], { env: { PATH: process.env.PATH ?? '', ...env } })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (status) => resolve({ status, stdout, stderr }))
  })
}

describe('the committed bundle, run as the runner runs it', () => {
  it('reports skipped for a pull request that changes no experiment, posts no comment, exits 0', async () => {
    dir = mkdtempSync(join(tmpdir(), 'llm-canary-bundle-'))
    const state = emptyRepoState()
    state.files[sha('head')] = {
      'deploy/experiment.yaml': readFileSync(
        new URL('../test/fixtures/experiment.yaml', import.meta.url),
        'utf8',
      ),
    }
    state.changed.push({ filename: 'README.md', status: 'modified' })
    const recorder = createGitHubRecorder(repoRoutes(state))
    const server = await recorder.listen()
    const event = join(dir, 'event.json')
    writeFileSync(
      event,
      JSON.stringify({
        action: 'synchronize',
        number: 7,
        pull_request: {
          number: 7,
          head: { sha: sha('head'), ref: 'bump', repo: { full_name: REPO } },
          base: { sha: sha('base'), ref: 'main', repo: { full_name: REPO } },
          labels: [],
        },
      }),
    )
    const output = join(dir, 'output')
    const summary = join(dir, 'summary.md')
    writeFileSync(output, '')
    writeFileSync(summary, '')
    const inputs = Object.fromEntries(
      Object.entries(INPUT_DEFAULTS).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value]),
    )
    try {
      const run = await runBundle({
        ...inputs,
        'INPUT_GITHUB-TOKEN': 'ghs_bundle_test_token',
        'INPUT_TRACE-TOKEN': '',
        INPUT_SINCE: '',
        INPUT_REVIEWERS: '',
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: event,
        GITHUB_REPOSITORY: REPO,
        GITHUB_SHA: sha('merge'),
        GITHUB_API_URL: server.url,
        GITHUB_GRAPHQL_URL: `${server.url}/graphql`,
        GITHUB_SERVER_URL: 'https://github.test',
        GITHUB_RUN_ID: '42',
        GITHUB_OUTPUT: output,
        GITHUB_STEP_SUMMARY: summary,
        RUNNER_TEMP: dir,
      })
      expect(run.status, run.stdout + run.stderr).toBe(0)
      expect(run.stdout).toContain('::add-mask::ghs_bundle_test_token')
      const outputs = readFileSync(output, 'utf8')
      expect(outputs).toMatch(/^verdict<<ghadelimiter_[\w-]+\nskipped\n/m)
      expect(outputs).toContain(`report-json<<`)
      expect(JSON.parse(readFileSync(join(dir, 'llm-canary-report.json'), 'utf8'))).toEqual([
        expect.objectContaining({ experiment: 'action-fixture', verdict: 'skipped', outcome: 'skipped' }),
      ])
      expect(readFileSync(summary, 'utf8')).toContain('## 🐤 llm-canary gate · pull request #7')
      expect(recorder.callsTo('POST', /\/issues\/7\/comments$/)).toEqual([])
      expect(state.checkRuns).toEqual([
        expect.objectContaining({ conclusion: 'skipped', head_sha: sha('head') }),
      ])
    } finally {
      await server.close()
    }
  })

  it('fails a bad input with one ::error:: line and exit 1, no stack trace', async () => {
    const run = await runBundle({ INPUT_MODE: 'gated', 'INPUT_GITHUB-TOKEN': 'ghs_x' })
    expect(run.status).toBe(1)
    expect(
      run.stdout
        .trim()
        .split('\n')
        .filter((line) => line.startsWith('::error::')),
    ).toEqual([
      expect.stringContaining('::error::an input cannot be used:%0A- mode is "gated"; write gate or watch'),
    ])
    expect(run.stdout + run.stderr).not.toMatch(/\n\s+at /)
  })
})
