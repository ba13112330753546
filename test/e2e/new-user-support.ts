/**
 * Helpers of the new-user trial (issue 12, acceptance 4): what the README tells a user to install and
 * write, a local OTLP/HTTP receiver that decodes the spans the OpenTelemetry exporter sends, and what
 * docs/spans.md promises about them. Test helper, not exported.
 */
import { readFileSync } from 'node:fs'
import type { Server } from 'node:http'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { repoRoot } from '../helpers/cli.ts'

/** What the README's "Add llm-canary to your LangGraph graph" section has a user run and write. */
export interface ReadmeQuickstart {
  /** Every package spec of its `npm i` lines, in order. */
  readonly installSpecs: readonly string[]
  /** Its code blocks that open with `// NAME.ts`, by file name. */
  readonly files: Readonly<Record<string, string>>
}

/**
 * Reads the README's quickstart: the `npm i` lines of its shell block and the files of its TypeScript blocks.
 *
 * @returns The specs and files, exactly as the README gives them.
 * @throws Error when the section, its install line or its code blocks cannot be found.
 */
export function readReadmeQuickstart(): ReadmeQuickstart {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8')
  const start = readme.indexOf('## Add llm-canary to your LangGraph graph')
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1))
  const blocks = [...section.matchAll(/```(\w+)\n([\s\S]*?)```/g)]
  const shell = blocks.find((block) => block[1] === 'sh')?.[2] ?? ''
  const installSpecs = shell
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.replace(/#.*$/, '').trim().split(/\s+/))
    .filter((words) => words[0] === 'npm' && words[1] === 'i')
    .flatMap((words) => words.slice(2))
  const files: Record<string, string> = {}
  for (const [, language, code = ''] of blocks) {
    const name = /^\/\/ (\S+\.ts)\b/.exec(code)?.[1]
    if (language === 'ts' && name !== undefined) files[name] = code
  }
  if (installSpecs.length === 0 || Object.keys(files).length === 0)
    throw new Error('README.md: "Add llm-canary to your LangGraph graph" lost its `npm i` line or its files')
  return { installSpecs, files }
}

/** One span as the receiver decoded it. */
export interface ReceivedSpan {
  readonly name: string
  /** OTLP span kind: 1 internal, 3 client. */
  readonly kind: number
  readonly traceId: string
  readonly spanId: string
  readonly parentSpanId: string
  readonly attributes: Readonly<Record<string, unknown>>
  readonly events: readonly { name: string; attributes: Readonly<Record<string, unknown>> }[]
  /** The resource's `service.name`. */
  readonly service: unknown
  /** The instrumentation scope's name. */
  readonly scope: string
}

/** A running OTLP/HTTP receiver. */
export interface OtlpReceiver {
  /** `http://127.0.0.1:PORT`, an `OTEL_EXPORTER_OTLP_ENDPOINT`. */
  readonly endpoint: string
  /** Every span received so far. */
  readonly spans: ReceivedSpan[]
  /** The content type of each export request. */
  readonly contentTypes: string[]
  close(): Promise<void>
}

interface OtlpValue {
  stringValue?: string
  boolValue?: boolean
  intValue?: number | string
  doubleValue?: number
  arrayValue?: { values?: OtlpValue[] }
}
interface OtlpKeyValue {
  key: string
  value: OtlpValue
}
interface OtlpSpan {
  name: string
  kind: number
  traceId: string
  spanId: string
  parentSpanId?: string
  attributes?: OtlpKeyValue[]
  events?: { name: string; attributes?: OtlpKeyValue[] }[]
}
interface OtlpExport {
  resourceSpans: {
    resource?: { attributes?: OtlpKeyValue[] }
    scopeSpans: { scope?: { name: string }; spans: OtlpSpan[] }[]
  }[]
}

function decodeValue(value: OtlpValue): unknown {
  if (value.arrayValue !== undefined) return (value.arrayValue.values ?? []).map(decodeValue)
  if (value.intValue !== undefined) return Number(value.intValue)
  return value.stringValue ?? value.boolValue ?? value.doubleValue
}

function decodeAttributes(attributes: readonly OtlpKeyValue[] = []): Record<string, unknown> {
  return Object.fromEntries(attributes.map(({ key, value }) => [key, decodeValue(value)]))
}

function decodeExport(body: OtlpExport): ReceivedSpan[] {
  return body.resourceSpans.flatMap((resourceSpans) => {
    const service = decodeAttributes(resourceSpans.resource?.attributes)['service.name']
    return resourceSpans.scopeSpans.flatMap((scopeSpans) =>
      scopeSpans.spans.map((span) => ({
        name: span.name,
        kind: span.kind,
        traceId: span.traceId,
        spanId: span.spanId,
        parentSpanId: span.parentSpanId ?? '',
        attributes: decodeAttributes(span.attributes),
        events: (span.events ?? []).map((event) => ({
          name: event.name,
          attributes: decodeAttributes(event.attributes),
        })),
        service,
        scope: scopeSpans.scope?.name ?? '',
      })),
    )
  })
}

/**
 * Starts an OTLP/HTTP trace receiver on 127.0.0.1 that takes the OTLP JSON encoding (what
 * `@opentelemetry/exporter-trace-otlp-http` sends) on `POST /v1/traces`; anything else gets 415 or 404.
 *
 * @returns The running receiver.
 */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = []
  const contentTypes: string[] = []
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const type = req.headers['content-type'] ?? ''
      contentTypes.push(type)
      if (req.method !== 'POST' || req.url !== '/v1/traces') {
        res.writeHead(404).end()
        return
      }
      if (!type.startsWith('application/json')) {
        res.writeHead(415).end()
        return
      }
      spans.push(...decodeExport(JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpExport))
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    endpoint: `http://127.0.0.1:${port}`,
    spans,
    contentTypes,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** What docs/spans.md says the handler writes: span name shapes and every attribute it lists. */
export interface DocumentedSpans {
  /** One pattern per documented span name, e.g. `^chat \S+$`. */
  readonly names: readonly RegExp[]
  /** Every attribute of the attribute table. */
  readonly attributes: ReadonlySet<string>
}

/**
 * Reads docs/spans.md's "What the llm-canary handler writes": the span table's names and the attribute table.
 *
 * @returns The documented span names and attributes.
 */
export function readDocumentedSpans(): DocumentedSpans {
  const text = readFileSync(join(repoRoot, 'docs/spans.md'), 'utf8')
  const section = text.slice(
    text.indexOf('## What the llm-canary handler writes'),
    text.indexOf('# What the gate reads'),
  )
  const spanTable = section.slice(
    section.indexOf('| span | name |'),
    section.indexOf('\n\n', section.indexOf('| span | name |')),
  )
  const names = [...spanTable.matchAll(/`(\w+) \{\w+\}`/g)].map((match) => new RegExp(`^${match[1]} \\S+$`))
  const attributeTable = section.slice(section.indexOf('| attribute | status |'))
  const attributes = new Set(
    attributeTable
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .map((line) => /^\| `([^`]+)`/.exec(line)?.[1] ?? ''),
  )
  return { names, attributes }
}
