import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { FakeGitHub } from '../github-fake/index.ts'
import { startFakeGitHub } from '../github-fake/index.ts'
import { inputEnvName, runAction } from './run-action.ts'
import { parseFileCommands, parseWorkflowCommands } from './workflow-files.ts'

// A tiny ESM action, written the way @actions/core behaves (file commands with a random heredoc
// delimiter, `::` commands on stdout), that also calls the GitHub it is pointed at.
const ACTION_JS = `
import { appendFileSync, readFileSync } from 'node:fs'
import { randomUUID } from 'node:crypto'
const input = (name) => (process.env['INPUT_' + name.replace(/ /g, '_').toUpperCase()] ?? '').trim()
const setOutput = (name, value) => {
  const delimiter = 'ghadelimiter_' + randomUUID()
  appendFileSync(process.env.GITHUB_OUTPUT, name + '<<' + delimiter + '\\n' + value + '\\n' + delimiter + '\\n')
}
const event = JSON.parse(readFileSync(process.env.GITHUB_EVENT_PATH, 'utf8'))
const token = input('github-token')
console.log('::add-mask::' + token)
const response = await fetch(process.env.GITHUB_API_URL + '/repos/' + process.env.GITHUB_REPOSITORY + '/issues/' + event.number + '/comments', {
  method: 'POST',
  headers: { authorization: 'token ' + token, 'content-type': 'application/json' },
  body: JSON.stringify({ body: 'mode=' + input('mode') }),
})
setOutput('verdict', 'fail')
setOutput('details', 'line one\\nline two')
appendFileSync(process.env.GITHUB_OUTPUT, 'comment-status=' + response.status + '\\n')
appendFileSync(process.env.GITHUB_STATE, 'started=yes\\n')
appendFileSync(process.env.GITHUB_ENV, 'CANARY_SEEN=' + input('experiment') + '\\n')
appendFileSync(process.env.GITHUB_STEP_SUMMARY, '## Canary\\nverdict: fail, sha ' + process.env.GITHUB_SHA + '\\n')
console.log('::warning::workspace ' + process.env.GITHUB_WORKSPACE)
console.log('::error file=experiment.yaml,line=12,title=latency%3A p95::candidate is 30%25 slower%0Aover the tolerance')
process.exitCode = 1
`

const ACTION_YML = `name: tiny
description: a test action
inputs:
  mode:
    description: gate or watch
    default: gate
  github-token:
    description: token
    default: \${{ github.token }}
  experiment:
    description: path
    required: true
  reviewers:
    description: logins
runs:
  using: node24
  main: index.js
`

describe('runAction', () => {
  let gh: FakeGitHub
  let dir: string

  beforeAll(async () => {
    gh = await startFakeGitHub({ owner: 'acme', repo: 'support-bot' })
    dir = mkdtempSync(join(tmpdir(), 'tiny-action-'))
    writeFileSync(join(dir, 'index.js'), ACTION_JS)
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }')
    writeFileSync(join(dir, 'action.yml'), ACTION_YML)
    gh.commit('main', { 'experiment.yaml': 'experiment: a\n' })
  })
  afterAll(() => gh.close())

  test('runs the action as the runner does and reads back everything it reported', async () => {
    const pr = gh.openPullRequest({
      head: 'bump',
      files: { 'experiment.yaml': 'experiment: b\n' },
      author: 'alice',
    })
    const token = gh.token('actions')
    const run = await runAction({
      entry: join(dir, 'index.js'),
      actionYml: join(dir, 'action.yml'),
      github: gh,
      token,
      inputs: { experiment: 'config/experiment.yaml' },
      ...gh.runContext('pull_request', 'opened', pr.number),
    })

    expect(run.stderr).toBe('')
    expect(run.exitCode).toBe(1)
    expect(run.outputs).toEqual({ verdict: 'fail', details: 'line one\nline two', 'comment-status': '201' })
    expect(run.state).toEqual({ started: 'yes' })
    expect(run.exportedEnv).toEqual({ CANARY_SEEN: 'config/experiment.yaml' })
    expect(run.summary).toMatch(/^## Canary\nverdict: fail, sha [0-9a-f]{40}\n$/)
    expect(run.commands.map((c) => c.command)).toEqual(['add-mask', 'warning', 'error'])
    expect(run.commands[0]!.message).toBe(token)
    expect(run.commands[2]).toEqual({
      command: 'error',
      properties: { file: 'experiment.yaml', line: '12', title: 'latency: p95' },
      message: 'candidate is 30% slower\nover the tolerance',
    })
    // The default `${{ github.token }}` reached the action under INPUT_GITHUB-TOKEN (hyphen kept), and
    // the action's call landed on the fake as the Actions bot, with the input's default `gate`.
    expect(gh.state.comments.map((c) => [c.user, c.body])).toEqual([['github-actions[bot]', 'mode=gate']])
    expect(gh.violations).toEqual([])
  })

  test('names inputs like the runner: upper case, spaces to underscores, hyphens kept', () => {
    expect(inputEnvName('github-token')).toBe('INPUT_GITHUB-TOKEN')
    expect(inputEnvName('on backend error')).toBe('INPUT_ON_BACKEND_ERROR')
  })

  test('refuses what the runner would not run, with a message that says what to do', async () => {
    const base = {
      entry: join(dir, 'index.js'),
      github: gh,
      event: 'schedule',
      payload: gh.eventPayload('schedule'),
      token: 'x',
    }
    await expect(runAction({ ...base, actionYml: join(dir, 'missing.yml') })).rejects.toMatchObject({
      code: 'ACTION_SETUP',
      message: expect.stringMatching(
        /missing\.yml does not exist; pass the path of the action's action\.yml/,
      ),
    })
    await expect(runAction({ ...base, actionYml: join(dir, 'action.yml') })).rejects.toThrow(
      /input "experiment" is required by .*action\.yml and has no default; pass it in inputs/,
    )
    await expect(
      runAction({
        ...base,
        actionYml: join(dir, 'action.yml'),
        inputs: { experiment: 'e.yaml', modes: 'gate' },
      }),
    ).rejects.toThrow(
      /"modes" is not an input of .*action\.yml; it declares mode, github-token, experiment, reviewers/,
    )
    const { token: _, ...withoutToken } = base
    await expect(
      runAction({ ...withoutToken, actionYml: join(dir, 'action.yml'), inputs: { experiment: 'e.yaml' } }),
    ).rejects.toThrow(/input "github-token" defaults to \$\{\{ github\.token \}\}.*pass `token` to runAction/)
  })
})

describe('file commands and workflow commands', () => {
  test('a heredoc that never closes is an error naming the file', () => {
    expect(() => parseFileCommands('verdict<<EOF\npass\n', 'GITHUB_OUTPUT')).toThrow(
      'GITHUB_OUTPUT: "verdict<<EOF" is never closed by a "EOF" line',
    )
    expect(parseFileCommands('a=b=c\n\nx<<D\n\nD\n', 'GITHUB_OUTPUT')).toEqual({ a: 'b=c', x: '' })
  })

  test('stop-commands suspends command parsing until its token', () => {
    const stdout = '::stop-commands::t0k\n::error::not a command\n::t0k::\n::notice title=n::done'
    expect(parseWorkflowCommands(stdout)).toEqual([
      { command: 'notice', properties: { title: 'n' }, message: 'done' },
    ])
  })
})
