import { linkSync, readFileSync } from 'node:fs'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import type { MeasuredRun } from './hostile-run.ts'
import { runMeasured } from './hostile-run.ts'
import { encodeLines, generateSessions, removeCases, writeCase } from './hostile-support.ts'

afterAll(removeCases)

// Issue 9, items 8 to 12: secrets never printed, redirects never followed to another host, no raw
// escape sequence reaches the terminal, the inputs are never overwritten, and the read has a deadline.

const servers: Server[] = []
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
})

interface Seen {
  readonly url: string
  readonly headers: IncomingMessage['headers']
}

async function serve(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = []
  const server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers })
    handler(req, res)
  })
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen }
}

function analyzeArgs(experiment: string, source: string, extra: readonly string[] = []): string[] {
  return ['analyze', '-e', experiment, '-s', source, '--since', '1d', '--retries', '0', ...extra]
}

function printed(run: MeasuredRun): string {
  return run.stdout + run.stderr
}

/** A secret never appears in output, in any of the forms it could travel in. */
function expectHidden(run: MeasuredRun, secret: string): void {
  for (const form of [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64')])
    expect(printed(run)).not.toContain(form)
}

describe('item 8: no secret in any output', () => {
  it('a token with CR/LF is refused at the edge, by name, without printing it', async () => {
    const { url, seen } = await serve((_req, res) => res.end('{}'))
    const { experiment } = writeCase()
    const run = await runMeasured(analyzeArgs(experiment, `tempo:${url}`), {
      env: { LLM_CANARY_TRACE_TOKEN: 'SECRET-abc123\r\nX-Evil: 1' },
    })
    expect(run.status).toBe(2)
    expect(run.stderr).toMatch(
      /LLM_CANARY_TRACE_TOKEN contains a line break \(character 14 of 24\); remove it/,
    )
    expectHidden(run, 'SECRET-abc123')
    expect(seen).toHaveLength(0)
  })

  const passwords = ['pa/ss#w?rd', 'p@ss/w:rd%zz', 's3cr3t-plain', 'ünïcødé/ключ']
  for (const password of passwords) {
    it(`a URL password (${JSON.stringify(password)}) is sent right and never printed, even when echoed`, async () => {
      const { url, seen } = await serve((req, res) => {
        // A backend that echoes what it got, as some 401 pages do.
        res.writeHead(401, { 'content-type': 'text/plain' })
        res.end(`denied: ${req.headers.authorization} ${decodeURIComponent(req.url ?? '')}`)
      })
      const { experiment } = writeCase()
      const source = `tempo:${url.replace('://', `://robot:${password}@`)}`
      const run = await runMeasured(analyzeArgs(experiment, source), {
        env: { LLM_CANARY_TRACE_TENANT: 'team-secret' },
      })
      expect(run.status, run.stderr).toBe(4)
      expect(run.stderr).toMatch(/rejected with HTTP 401/)
      expect(seen[0]?.headers.authorization).toBe(
        `Basic ${Buffer.from(`robot:${password}`).toString('base64')}`,
      )
      expectHidden(run, password)
      expectHidden(run, 'team-secret')
      expect(printed(run)).not.toContain(Buffer.from(`robot:${password}`).toString('base64'))
    })
  }

  it('a 401 body echoing the bearer token (even cut mid-token by the excerpt) is masked', async () => {
    const token = 'eyJhbGciOiJIUzI1NiJ9.payload-0123456789abcdef.signature-fedcba'
    const { url } = await serve((req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' })
      // The token starts 190 characters in: a 200-character excerpt would cut it.
      res.end(JSON.stringify({ error: 'x'.repeat(180), got: req.headers.authorization }))
    })
    const { experiment } = writeCase()
    const run = await runMeasured(analyzeArgs(experiment, `tempo:${url}`), {
      env: { LLM_CANARY_TRACE_TOKEN: token },
    })
    expect(run.status).toBe(4)
    // Masked before the excerpt is cut: what is left of the mask shows, never a piece of the token.
    expect(run.stderr).toMatch(/"got\\":\\"\*/)
    expect(printed(run)).not.toContain(token.slice(0, 12))
  })
})

describe('item 9: redirects to another origin are refused', () => {
  it('a 302 to another host is not followed: exit 4, the other host named, nothing sent there', async () => {
    const other = await serve((_req, res) => res.end('{"traces": []}'))
    const { url } = await serve((req, res) => {
      res.writeHead(302, { location: `${other.url}${req.url ?? '/'}` })
      res.end()
    })
    const { experiment } = writeCase()
    const run = await runMeasured(analyzeArgs(experiment, `tempo:${url}`), {
      env: { LLM_CANARY_TRACE_TOKEN: 'tok-redirect-secret', LLM_CANARY_TRACE_TENANT: 'tenant-x' },
    })
    expect(run.status).toBe(4)
    expect(run.stderr).toContain(`redirects to another origin, ${other.url}`)
    expect(other.seen).toHaveLength(0)
    expectHidden(run, 'tok-redirect-secret')
  })

  it('a redirect within the same origin is followed, with the credentials', async () => {
    const { url, seen } = await serve((req, res) => {
      if (req.url?.startsWith('/old') === true) {
        res.writeHead(307, { location: (req.url ?? '').replace('/old', '') })
        res.end()
      } else res.end('{"traces": []}')
    })
    const { experiment } = writeCase()
    const run = await runMeasured(analyzeArgs(experiment, `tempo:${url}/old`), {
      env: { LLM_CANARY_TRACE_TOKEN: 'tok-same-origin' },
    })
    expect(run.status, run.stderr).toBe(3)
    expect(
      seen
        .filter((s) => !s.url.startsWith('/old'))
        .every((s) => s.headers.authorization === 'Bearer tok-same-origin'),
    ).toBe(true)
  })
})

describe('item 10: no escape sequence reaches the terminal raw', () => {
  const ESC = '\u001b'
  it('from YAML keys', async () => {
    const { dir } = writeCase({
      'evil.yaml': `experiment: x\n"${ESC}]0;PWNED${ESC}\\\\": 1\n"${ESC}[2J": 2\n`,
    })
    const run = await runMeasured(['validate', join(dir, 'evil.yaml')])
    expect(run.status).toBe(2)
    expect(printed(run)).not.toContain(ESC)
    expect(run.stderr).toContain('\\u001b]0;PWNED')
  })

  it('from trace lines (arm names, broken lines) and backend errors', async () => {
    const spans = generateSessions({ sessions: 20 }).map((span, i) =>
      i === 0 ? { ...span, arm: `${ESC}]0;PWNED${ESC}\\` } : span,
    )
    const { dir, experiment } = writeCase({ 'traces.jsonl': `${encodeLines(spans)}not json ${ESC}[2J\n` })
    const file = await runMeasured(analyzeArgs(experiment, `file:${join(dir, 'traces.jsonl')}`))
    expect(file.status).toBe(3)
    expect(printed(file)).not.toContain(ESC)
    expect(printed(file)).toContain('\\u001b]0;PWNED')
    const { url } = await serve((_req, res) => {
      res.writeHead(400, { 'content-type': 'text/plain' })
      res.end(`bad query ${ESC}[2J${ESC}]0;PWNED\u0007`)
    })
    const backend = await runMeasured(analyzeArgs(experiment, `tempo:${url}`))
    expect(backend.status).toBe(4)
    expect(printed(backend)).not.toContain(ESC)
    expect(printed(backend)).not.toContain('\u0007')
  })

  it('from command-line values echoed in errors', async () => {
    const run = await runMeasured(['analyze', '-e', `${ESC}[2Jmissing.yaml`])
    expect(run.status).toBe(2)
    expect(printed(run)).not.toContain(ESC)
  })
})

describe('item 11: the report never overwrites an input', () => {
  it('--output equal to the trace file, the experiment file, a hard link of one, or a trace file in the folder read', async () => {
    const traces = encodeLines(generateSessions({ sessions: 20 }))
    const { dir, experiment } = writeCase({ 'traces.jsonl': traces })
    linkSync(join(dir, 'traces.jsonl'), join(dir, 'hard-link.txt'))
    const cases: [string, string][] = [
      [`file:${join(dir, 'traces.jsonl')}`, join(dir, 'traces.jsonl')],
      [`file:${join(dir, 'traces.jsonl')}`, join(dir, '.', 'traces.jsonl')],
      [`file:${join(dir, 'traces.jsonl')}`, experiment],
      [`file:${join(dir, 'traces.jsonl')}`, join(dir, 'hard-link.txt')],
      [`file:${dir}`, join(dir, 'report.json')],
    ]
    for (const [source, output] of cases) {
      const run = await runMeasured(analyzeArgs(experiment, source, ['--format', 'json', '--output', output]))
      expect(run.status, `${source} → ${output}`).toBe(2)
      expect(run.stderr).toMatch(/--output .* would overwrite/)
    }
    expect(readFileSync(join(dir, 'traces.jsonl'), 'utf8')).toBe(traces)
    expect(readFileSync(experiment, 'utf8')).toMatch(/^experiment: hostile-e2e/)
  })

  it('a report next to the traces, under another name, is written', async () => {
    const { dir, experiment } = writeCase({ 'traces.jsonl': encodeLines(generateSessions({ sessions: 20 })) })
    const run = await runMeasured(
      analyzeArgs(experiment, `file:${join(dir, 'traces.jsonl')}`, [
        '--output',
        join(dir, 'report.md'),
        '-f',
        'markdown',
      ]),
    )
    expect(run.status).toBe(3)
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toMatch(/INCONCLUSIVE/)
  })
})

describe('item 12: one deadline for the whole read', () => {
  it('a slow backend: exit 4 at the deadline, saying what was read', async () => {
    const { url, seen } = await serve((req, res) => {
      if (req.url?.startsWith('/api/search') === true) setTimeout(() => res.end('{"traces": []}'), 800)
      else res.end('{}')
    })
    const { experiment } = writeCase()
    const run = await runMeasured(
      analyzeArgs(experiment, `tempo:${url}`, ['--deadline', '3s', '--since', '14d']),
    )
    expect(run.status).toBe(4)
    expect(run.stderr).toMatch(/did not finish within the 3s deadline: 0 spans of 0 sessions read so far/)
    // 336 one-hour slices at 0.8 s each would take minutes; the deadline stopped it after a few.
    expect(seen.length).toBeLessThan(10)
  })

  it('a backend answering 429 to every other request is bounded by the deadline too', async () => {
    let count = 0
    const { url } = await serve((_req, res) => {
      count++
      if (count % 2 === 1) {
        res.writeHead(429, { 'retry-after': '2' })
        res.end('slow down')
      } else res.end('{"traces": []}')
    })
    const { experiment } = writeCase()
    const run = await runMeasured(
      analyzeArgs(experiment, `tempo:${url}`, ['--retries', '3', '--deadline', '4s', '--since', '14d']),
    )
    expect(run.status).toBe(4)
    expect(run.stderr).toMatch(/did not finish within the 4s deadline/)
  })

  it('the default deadline is stated in the help', async () => {
    const run = await runMeasured(['analyze', '--help'])
    expect(run.stdout).toMatch(/--deadline <duration>[\s\S]*default 10m/)
  })
})
