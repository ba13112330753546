import { execFileSync } from 'node:child_process'
import { copyFileSync, writeFileSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
// biome-ignore lint/style/noRestrictedImports: the LangGraph package's OpenAI-compatible endpoint on 127.0.0.1 is test support, not public API.
import * as openAiServer from '../../packages/langgraph/src/handler/openai-server.fixture.ts'
import { repoRoot } from '../helpers/cli.ts'
import type { ReceivedSpan } from './new-user-support.ts'
import { readDocumentedSpans, readReadmeQuickstart, startOtlpReceiver } from './new-user-support.ts'
import type { CommandRun } from './pack-install-support.ts'
import {
  createProject,
  npmInstall,
  packPackages,
  runCommand,
  runCommandAsync,
  testedVersions,
} from './pack-install-support.ts'

// Issue 12, item 1: the packages as a user gets them. Each is packed with pnpm, installed with npm into a
// project outside the workspace, and used there: the CLI from its bin, the LangGraph package from ESM and
// CommonJS, first with only its required peers (no langchain, no OpenTelemetry SDK), then with the peers
// of its subpath entries. Last, acceptance 4: the same project follows the README's quickstart as a new
// user would (its `npm i` line, its tracing.ts and graph.ts, type-checked, run against a model endpoint and
// an OTLP/HTTP receiver on 127.0.0.1) and the receiver gets the spans docs/spans.md names.

const REQUIRED_PEERS = ['@langchain/core', '@langchain/langgraph', '@opentelemetry/api']
const OPTIONAL_PEERS = [
  'langchain',
  '@opentelemetry/sdk-trace-base',
  '@opentelemetry/core',
  '@opentelemetry/otlp-transformer',
]

let tarballs: Record<string, string>
let project: string

beforeAll(() => {
  tarballs = packPackages()
  project = createProject('pack-install')
  npmInstall(project, [...Object.values(tarballs), ...testedVersions(REQUIRED_PEERS)])
}, 600_000)

// Each run installs ~350 packages into a temporary project: leave none behind on a shared machine.
afterAll(async () => {
  const dirs = [project, ...Object.values(tarballs ?? {}).map((tarball) => dirname(tarball))]
  await Promise.all(
    dirs.filter((dir) => dir !== undefined).map((dir) => rm(dir, { recursive: true, force: true })),
  )
}, 300_000)

function cli(args: readonly string[]): CommandRun {
  return runCommand(join(project, 'node_modules/.bin/llm-canary'), args, {
    cwd: project,
    env: { NO_COLOR: '1' },
  })
}

function node(args: readonly string[]): CommandRun {
  return runCommand(process.execPath, args, { cwd: project })
}

/** An ESM and a CommonJS import of an entry, printing its export names. */
function importBoth(specifier: string): { esm: CommandRun; cjs: CommandRun } {
  const esm = `const m = await import('${specifier}'); console.log(Object.keys(m).sort().join(' '))`
  const cjs = `console.log(Object.keys(require('${specifier}')).sort().join(' '))`
  return { esm: trimmed(node(['--input-type=module', '-e', esm])), cjs: trimmed(node(['-e', cjs])) }
}

function trimmed(run: CommandRun): CommandRun {
  return { ...run, stdout: run.stdout.trim() }
}

function listTarball(file: string): string[] {
  return execFileSync('tar', ['-tzf', file], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line !== '')
}

describe('the packed packages, installed with npm outside the workspace', () => {
  it('ship their README and LICENSE, and the launcher every file it imports', () => {
    for (const [name, file] of Object.entries(tarballs)) {
      const files = listTarball(file)
      expect(files, name).toEqual(
        expect.arrayContaining(['package/README.md', 'package/LICENSE', 'package/package.json']),
      )
    }
    expect(listTarball(tarballs['@llm-canary/gate'] ?? '')).toEqual(
      expect.arrayContaining([
        'package/bin/llm-canary.js',
        'package/bin/heap.js',
        'package/bin/exit-codes.js',
        'package/bin/error-output.js',
        'package/dist/cli/bin.js',
      ]),
    )
  })

  it('resolve workspace ranges to real caret ranges', () => {
    const manifest = JSON.parse(
      execFileSync('tar', ['-xzOf', tarballs['@llm-canary/langgraph'] ?? '', 'package/package.json'], {
        encoding: 'utf8',
      }),
    ) as { dependencies: Record<string, string>; publishConfig: { access: string } }
    expect(manifest.dependencies['@llm-canary/core']).toMatch(/^\^\d+\.\d+\.\d+$/)
    expect(manifest.publishConfig.access).toBe('public')
  })

  it('run llm-canary --help, validate and analyze from the installed bin', () => {
    const help = cli(['--help'])
    expect(help.status, help.stderr).toBe(0)
    expect(help.stdout).toMatch(/Usage: llm-canary/)
    const experiment = join(repoRoot, 'packages/action/test/fixtures/experiment.yaml')
    const valid = cli(['validate', experiment])
    expect(valid.status, valid.stderr).toBe(0)
    expect(valid.stdout).toMatch(/experiment action-fixture is valid/)
    const traces = `file:${join(repoRoot, 'packages/action/test/fixtures/traces-healthy.jsonl.gz')}`
    const analyzed = cli([
      'analyze',
      '-e',
      experiment,
      '-s',
      traces,
      '--since',
      '2026-01-01T00:00:00Z',
      '-f',
      'json',
    ])
    expect(analyzed.status, analyzed.stderr).toBe(0)
    expect((JSON.parse(analyzed.stdout) as { verdict: { status: string } }).verdict.status).toBe('pass')
  })

  it('exits 4 with a JSON error when the trace backend cannot be read', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const address = probe.address()
        probe.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0))
      })
    })
    const experiment = join(repoRoot, 'packages/action/test/fixtures/experiment.yaml')
    const run = cli([
      'analyze',
      '-e',
      experiment,
      '-s',
      `tempo:http://127.0.0.1:${port}`,
      '--retries',
      '0',
      '--format',
      'json',
    ])
    expect(run.status, run.stderr).toBe(4)
    expect(run.stderr).toMatch(/^error: .*ECONNREFUSED/m)
    expect(JSON.parse(run.stdout)).toMatchObject({ error: { code: 'BACKEND_UNREACHABLE' } })
  })

  it('import the LangGraph main entry from ESM and CommonJS without langchain or the OpenTelemetry SDK', () => {
    expect(node(['-e', "require.resolve('langchain')"]).status).not.toBe(0)
    expect(node(['-e', "require.resolve('@opentelemetry/sdk-trace-base')"]).status).not.toBe(0)
    const { esm, cjs } = importBoth('@llm-canary/langgraph')
    expect(esm.status, esm.stderr).toBe(0)
    expect(cjs.status, cjs.stderr).toBe(0)
    expect(esm.stdout.split(' ')).toEqual(
      expect.arrayContaining(['LlmCanaryHandler', 'createRouterNode', 'createArmModels']),
    )
    expect(cjs.stdout).toBe(esm.stdout)
    expect(esm.stdout).not.toMatch(/llmCanaryMiddleware|OtlpJsonLinesFileExporter/)
  })

  it('import every subpath entry from ESM and CommonJS once its peers are installed', () => {
    npmInstall(project, testedVersions(OPTIONAL_PEERS))
    const expected: Record<string, string> = {
      '@llm-canary/langgraph/middleware': 'llmCanaryMiddleware',
      '@llm-canary/langgraph/init-chat-model': 'defaultModelFactory',
      '@llm-canary/langgraph/file-exporter': 'OtlpJsonLinesFileExporter',
    }
    for (const [specifier, name] of Object.entries(expected)) {
      const { esm, cjs } = importBoth(specifier)
      expect(esm.status, `${specifier}: ${esm.stderr}`).toBe(0)
      expect(cjs.status, `${specifier}: ${cjs.stderr}`).toBe(0)
      expect(esm.stdout.split(' ')).toContain(name)
      expect(cjs.stdout).toBe(esm.stdout)
    }
    // The exporter writes what the installed CLI reads.
    writeFileSync(
      join(project, 'export.mjs'),
      `import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { OtlpJsonLinesFileExporter } from '@llm-canary/langgraph/file-exporter'
const exporter = new OtlpJsonLinesFileExporter()
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] })
provider.getTracer('t').startSpan('chat gpt-4.1', { attributes: { 'feature_flag.key': 'action-fixture' } }).end()
await provider.shutdown()
console.log(exporter.path)
`,
    )
    const exported = node(['export.mjs'])
    expect(exported.status, exported.stderr).toBe(0)
    expect(exported.stdout.trim()).toBe(join(project, '.llm-canary/traces.jsonl'))
  })
})

/** The user's program: a few sessions through the README's `answer`, a second turn of one, then a flush. */
const TRIAL = `import { sdk } from './tracing.js'
import { answer } from './graph.js'

for (let i = 0; i < 6; i++) await answer(\`new-user-\${i}\`, 'Where is my order?')
await answer('new-user-0', 'And my invoice?')
await sdk.shutdown()
`

function spansOfTrace(spans: readonly ReceivedSpan[], traceId: string): Map<string, ReceivedSpan> {
  return new Map(spans.filter((span) => span.traceId === traceId).map((span) => [span.name, span]))
}

describe('a new user following the README', () => {
  it('installs its line, type-checks its files, and a local OTLP receiver gets the spans docs/spans.md names', async () => {
    const { installSpecs, files } = readReadmeQuickstart()
    const specs = installSpecs.map((spec) => tarballs[spec] ?? spec)
    expect(specs.filter((spec) => spec.startsWith('@llm-canary/'))).toEqual([])
    npmInstall(project, specs)
    expect(Object.keys(files).sort()).toEqual(['graph.ts', 'tracing.ts'])
    for (const [name, code] of Object.entries(files)) writeFileSync(join(project, name), code)
    writeFileSync(join(project, 'trial.ts'), TRIAL)
    copyFileSync(join(repoRoot, 'examples/quickstart/experiment.yaml'), join(project, 'experiment.yaml'))

    const require = createRequire(import.meta.url)
    const typeRoots = join(repoRoot, 'node_modules/@types')
    const tsc = runCommand(
      process.execPath,
      [
        require.resolve('typescript/bin/tsc'),
        ...['--noEmit', '--strict', '--skipLibCheck', '--target', 'es2022', '--module', 'nodenext'],
        ...['--typeRoots', typeRoots, '--types', 'node', 'trial.ts'],
      ],
      { cwd: project },
    )
    expect(tsc.status, `the README's files do not type-check:\n${tsc.stdout}`).toBe(0)

    const receiver = await startOtlpReceiver()
    const model = await openAiServer.startTestOpenAiServer()
    let run: CommandRun
    try {
      run = await runCommandAsync(
        process.execPath,
        ['--import', pathToFileURL(require.resolve('tsx/esm')).href, 'trial.ts'],
        {
          cwd: project,
          timeoutMs: 120_000,
          env: {
            OTEL_SERVICE_NAME: 'new-user-trial',
            OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
            OTEL_LOG_LEVEL: 'warn',
            OPENAI_BASE_URL: model.baseURL,
            OPENAI_API_KEY: 'sk-new-user',
            LLM_CANARY_HASH_KEY: 'new-user-hash-key',
          },
        },
      )
    } finally {
      await model.close()
      await receiver.close()
    }
    expect(run.status, run.stderr).toBe(0)
    // The NodeSDK registered the provider before the first run: the handler had nothing to warn about.
    expect(run.stderr).not.toMatch(/no OpenTelemetry tracer provider/)
    expect(model.requests).toHaveLength(7)
    expect(new Set(receiver.contentTypes)).toEqual(new Set(['application/json']))

    const spans = receiver.spans
    const documented = readDocumentedSpans()
    for (const span of spans) {
      expect(span.service, span.name).toBe('new-user-trial')
      expect(span.scope).toBe('@llm-canary/langgraph')
      expect(
        documented.names.some((pattern) => pattern.test(span.name)),
        span.name,
      ).toBe(true)
      for (const key of Object.keys(span.attributes)) {
        expect(documented.attributes.has(key), `${span.name}: ${key} is not in docs/spans.md`).toBe(true)
      }
    }
    expect(new Set(spans.map((span) => span.name))).toEqual(
      new Set(['invoke_workflow support', 'invoke_agent agent', 'chat gpt-4.1-mini', 'chat gpt-5-mini']),
    )
    const workflows = spans.filter((span) => span.name === 'invoke_workflow support')
    expect(workflows).toHaveLength(7)
    const arms = { control: 'gpt-4.1-mini', candidate: 'gpt-5-mini' } as Record<string, string>
    for (const workflow of workflows) {
      const trace = spansOfTrace(spans, workflow.traceId)
      expect(trace.size).toBe(3)
      const agent = trace.get('invoke_agent agent')
      const variant = String(workflow.attributes['feature_flag.result.variant'])
      const chat = trace.get(`chat ${arms[variant]}`)
      expect(workflow.parentSpanId).toBe('')
      expect(agent?.parentSpanId).toBe(workflow.spanId)
      expect(chat?.parentSpanId).toBe(agent?.spanId)
      expect(chat?.kind).toBe(3)
      expect(chat?.attributes).toMatchObject({
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': arms[variant],
        'gen_ai.response.model': openAiServer.FAKE_RESPONSE_MODEL,
        'gen_ai.usage.input_tokens': 12,
        'gen_ai.usage.output_tokens': 4,
        'gen_ai.agent.name': 'agent',
        'llm_canary.served_arm': variant,
      })
      expect(agent?.attributes).toMatchObject({
        'gen_ai.operation.name': 'invoke_agent',
        'gen_ai.provider.name': 'openai',
      })
      for (const span of trace.values()) {
        expect(span.attributes).toMatchObject({
          'feature_flag.key': 'quickstart-2026-11',
          'feature_flag.result.variant': variant,
          'gen_ai.conversation.id': workflow.attributes['gen_ai.conversation.id'],
        })
      }
      expect(String(workflow.attributes['gen_ai.conversation.id'])).toMatch(/^[0-9a-f]{32}$/)
    }
    expect(new Set(workflows.map((span) => span.attributes['feature_flag.result.variant']))).toEqual(
      new Set(['control', 'candidate']),
    )
    // The first turn of a session decides its arm (the feature-flag event); the second keeps it.
    const decided = workflows.filter((span) =>
      span.events.some((event) => event.name === 'feature_flag.evaluation'),
    )
    expect(decided).toHaveLength(6)
    expect(
      decided[0]?.events.find((event) => event.name === 'feature_flag.evaluation')?.attributes,
    ).toMatchObject({
      'feature_flag.result.reason': 'split',
      'feature_flag.provider.name': 'llm-canary',
    })
    const sessions = new Set(workflows.map((span) => span.attributes['gen_ai.conversation.id']))
    expect(sessions.size).toBe(6)
  }, 600_000)
})
