import { describe, expect, it } from 'vitest'
import { openTraceSource } from './open-source.ts'

describe('openTraceSource', () => {
  it.each([
    ['file:traces/out.jsonl', 'file:traces/out.jsonl'],
    ['traces/', 'file:traces/'],
    ['/var/log/traces.jsonl.gz', 'file:/var/log/traces.jsonl.gz'],
    ['file:///tmp/traces.jsonl', 'file:/tmp/traces.jsonl'],
    ['C:\\traces\\out.jsonl', 'file:C:\\traces\\out.jsonl'],
    ['jaeger:http://127.0.0.1:16686', 'jaeger:http://127.0.0.1:16686'],
    ['jaeger:https://user:secret@jaeger.example.com/jaeger', 'jaeger:https://jaeger.example.com/jaeger'],
    ['tempo:http://tempo:3200/', 'tempo:http://tempo:3200'],
    ['  tempo:https://tempo.example.com  ', 'tempo:https://tempo.example.com'],
  ])('opens %s as %s', (spec, description) => {
    expect(openTraceSource(spec).description).toBe(description)
  })

  it.each([
    ['', /cannot be used: it is empty/],
    ['http://127.0.0.1:16686', /prefix it with jaeger: or tempo:/],
    ['zipkin:http://127.0.0.1:9411', /the scheme zipkin: is not supported/],
    ['file:', /the path is missing/],
    ['jaeger:127.0.0.1:16686', /jaeger:127.0.0.1:16686 cannot be used/],
  ])('rejects %j with SOURCE_INVALID listing the accepted forms', (spec, message) => {
    const open = (): unknown => openTraceSource(spec)
    expect(open).toThrow(message)
    expect(open).toThrow(expect.objectContaining({ code: 'SOURCE_INVALID' }))
    if (!spec.startsWith('jaeger:'))
      expect(open).toThrow(/use file:PATH .*jaeger:http\(s\):\/\/.*tempo:http\(s\):\/\//)
  })

  it('never shows credentials of a rejected spec', () => {
    expect(() => openTraceSource('https://user:secret@host')).toThrow(/https:\/\/\*\*\*@host/)
    expect(() => openTraceSource('https://user:secret@host')).not.toThrow(/secret/)
  })

  it('checks the options', () => {
    expect(() => openTraceSource('file:x', { concurrency: 0 })).toThrow(
      expect.objectContaining({ code: 'SOURCE_INVALID' }),
    )
  })
})
