import { describe, expect, it } from 'vitest'
import { apiUrl, parseBackendUrl } from './backend-url.ts'

describe('parseBackendUrl', () => {
  it('turns URL userinfo into basic auth and removes it from the URL and the description', () => {
    const endpoint = parseBackendUrl('jaeger', 'https://me:p%40ss@jaeger.example.com:16686/jaeger/', {
      tenantHeader: 'x-tenant',
    })
    expect(endpoint.baseUrl.href).toBe('https://jaeger.example.com:16686/jaeger')
    expect(endpoint.description).toBe('jaeger:https://jaeger.example.com:16686/jaeger')
    expect(endpoint.headers).toEqual({ authorization: `Basic ${Buffer.from('me:p@ss').toString('base64')}` })
  })

  it('lets an explicit Authorization header win, and adds the tenant header', () => {
    const endpoint = parseBackendUrl('tempo', 'http://u:p@127.0.0.1:3200', {
      headers: { Authorization: 'Bearer tok' },
      tenant: 'team-a',
      tenantHeader: 'X-Scope-OrgID',
    })
    expect(endpoint.headers).toEqual({ authorization: 'Bearer tok', 'x-scope-orgid': 'team-a' })
    expect(endpoint.description).toBe('tempo:http://127.0.0.1:3200')
  })

  it('rejects what is not an http(s) URL, without echoing a password', () => {
    expect(() => parseBackendUrl('jaeger', 'localhost:16686', { tenantHeader: 'x-tenant' })).toThrow(
      expect.objectContaining({ code: 'SOURCE_INVALID' }),
    )
    expect(() => parseBackendUrl('tempo', 'ftp://u:secret@host', { tenantHeader: 'x' })).toThrow(
      /tempo:ftp:\/\/\*\*\*@host cannot be used: its scheme is ftp:/,
    )
    expect(() => parseBackendUrl('tempo', 'not a url', { tenantHeader: 'x' })).toThrow(/it is not a URL/)
  })
})

describe('apiUrl', () => {
  it('keeps the base path and sets query parameters, leaving out undefined ones', () => {
    const url = apiUrl(new URL('http://h:16686/jaeger'), '/api/v3/traces', { a: 'x y', b: 3, c: undefined })
    expect(url.href).toBe('http://h:16686/jaeger/api/v3/traces?a=x+y&b=3')
    expect(apiUrl(new URL('http://h:3200'), '/api/search').href).toBe('http://h:3200/api/search')
  })
})
