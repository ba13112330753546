import { GateError } from '../errors.ts'
import { parseCredentialedUrl } from './credentialed-url.ts'
import { checkHeaderValue, maskUrlCredentials } from './secret-redactor.ts'

/** A backend base URL with its credentials taken out. */
export interface BackendEndpoint {
  /** The base URL without userinfo, query or fragment; its path (a base path like `/jaeger`) has no trailing `/`. */
  readonly baseUrl: URL
  /** Headers to send: the given ones, plus `Authorization: Basic ...` from the URL's userinfo when none was given. */
  readonly headers: Readonly<Record<string, string>>
  /** `scheme:` plus the base URL, credentials removed, for messages and `TraceSource.description`. */
  readonly description: string
}

/**
 * Parses the URL part of a `jaeger:` or `tempo:` source spec. Credentials in the URL
 * (`https://user:pass@host`) become a basic `Authorization` header unless `headers` already has an
 * `Authorization`; a tenant becomes `tenantHeader`.
 *
 * @param scheme - `jaeger` or `tempo`, for messages.
 * @param rawUrl - what follows `scheme:` (`http://127.0.0.1:16686/jaeger`).
 * @param options - extra headers, the tenant and the header that carries it.
 * @returns the base URL, the headers to send and a description without credentials.
 * @throws GateError `SOURCE_INVALID` when the URL does not parse or is not http(s).
 * @example
 * parseBackendUrl('jaeger', 'https://me:secret@jaeger.example.com/jaeger', { tenantHeader: 'x-tenant' })
 * // baseUrl https://jaeger.example.com/jaeger, headers { authorization: 'Basic bWU6c2VjcmV0' }
 */
export function parseBackendUrl(
  scheme: string,
  rawUrl: string,
  options: {
    readonly headers?: Readonly<Record<string, string>>
    readonly tenant?: string
    readonly tenantHeader: string
  },
): BackendEndpoint {
  const { url, user, password } = parseCredentialedUrl(rawUrl, (reason) => invalidUrl(scheme, rawUrl, reason))
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value
  if (user !== undefined && headers.authorization === undefined) {
    checkHeaderValue(`the credentials in the ${scheme}: URL`, `${user}:${password}`)
    headers.authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`
  }
  if (options.tenant !== undefined && options.tenant !== '') {
    headers[options.tenantHeader.toLowerCase()] = options.tenant
  }
  const baseUrl = new URL(`${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`)
  return {
    baseUrl,
    headers,
    description: `${scheme}:${baseUrl.origin}${baseUrl.pathname.replace(/\/$/, '')}`,
  }
}

/**
 * Joins an API path to a base URL, keeping the base path (`/jaeger` + `/api/v3/traces`).
 *
 * @param baseUrl - the base from `parseBackendUrl`.
 * @param path - the API path, starting with `/`.
 * @param params - query parameters (undefined values are left out).
 * @returns the full URL.
 */
export function apiUrl(
  baseUrl: URL,
  path: string,
  params: Readonly<Record<string, string | number | undefined>> = {},
): URL {
  const url = new URL(baseUrl)
  url.pathname = `${baseUrl.pathname.replace(/\/$/, '')}${path}`
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) url.searchParams.set(name, String(value))
  }
  return url
}

function invalidUrl(scheme: string, rawUrl: string, reason: string): GateError {
  const shown = maskUrlCredentials(rawUrl)
  return new GateError(
    'SOURCE_INVALID',
    `${scheme}:${shown} cannot be used: ${reason} (write ${scheme}:http://host:port, optionally with a base path)`,
  )
}
