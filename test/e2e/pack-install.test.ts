import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { repoRoot } from '../helpers/cli.ts'
import type { CommandRun } from './pack-install-support.ts'
import {
  createProject,
  npmInstall,
  packPackages,
  runCommand,
  testedVersions,
} from './pack-install-support.ts'

// Issue 12, item 1: the packages as a user gets them. Each is packed with pnpm, installed with npm into a
// project outside the workspace, and used there: the CLI from its bin, the LangGraph package from ESM and
// CommonJS, first with only its required peers (no langchain, no OpenTelemetry SDK), then with the peers
// of its subpath entries.

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
