/**
 * A tiny OpenAI Chat Completions endpoint on 127.0.0.1 for tests that drive the real `ChatOpenAI`
 * (`@langchain/openai`): it answers with a tool call while the conversation has no tool result yet,
 * then with text; streamed when asked. Test helper, not exported.
 */
import type { Server } from 'node:http'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A running fake endpoint. */
export interface TestOpenAiServer {
  /** `http://127.0.0.1:PORT/v1`, the `configuration.baseURL` of a `ChatOpenAI`. */
  readonly baseURL: string
  readonly port: number
  /** The request bodies received, parsed. */
  readonly requests: Record<string, unknown>[]
  close(): Promise<void>
}

/** The model the fake says answered. */
export const FAKE_RESPONSE_MODEL = 'gpt-4.1-2025-04-14'

/**
 * Starts the fake endpoint.
 *
 * @param toolName - The tool it asks for first (when the request offers tools).
 * @returns The running server.
 */
export async function startTestOpenAiServer(toolName = 'lookup'): Promise<TestOpenAiServer> {
  const requests: Record<string, unknown>[] = []
  let count = 0
  const server: Server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8')
    })
    req.on('end', () => {
      const request = JSON.parse(body) as {
        messages: { role: string }[]
        tools?: unknown[]
        stream?: boolean
      }
      requests.push(request)
      const id = `chatcmpl-test-${++count}`
      const wantsTool = (request.tools?.length ?? 0) > 0 && !request.messages.some((m) => m.role === 'tool')
      const message = wantsTool
        ? {
            role: 'assistant',
            content: null,
            tool_calls: [
              {
                id: `call_${count}`,
                type: 'function',
                function: { name: toolName, arguments: '{"query":"x"}' },
              },
            ],
          }
        : { role: 'assistant', content: 'All done.' }
      const finish = wantsTool ? 'tool_calls' : 'stop'
      const usage = { prompt_tokens: 12, completion_tokens: 4, total_tokens: 16 }
      if (request.stream === true) {
        res.writeHead(200, { 'content-type': 'text/event-stream' })
        const base = { id, object: 'chat.completion.chunk', created: 1, model: FAKE_RESPONSE_MODEL }
        const send = (extra: object) => res.write(`data: ${JSON.stringify({ ...base, ...extra })}\n\n`)
        send({ choices: [{ index: 0, delta: { role: 'assistant', content: 'All ' }, finish_reason: null }] })
        send({ choices: [{ index: 0, delta: { content: 'done.' }, finish_reason: 'stop' }] })
        send({ choices: [], usage })
        res.end('data: [DONE]\n\n')
        return
      }
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(
        JSON.stringify({
          id,
          object: 'chat.completion',
          created: 1,
          model: FAKE_RESPONSE_MODEL,
          choices: [{ index: 0, message, finish_reason: finish }],
          usage,
        }),
      )
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
