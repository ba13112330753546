import type { GateError } from '../errors.ts'
import { percentDecoded, urlUserinfo } from './secret-redactor.ts'

/** An http(s) source URL with its userinfo taken off: the URL without it, and the credentials, decoded. */
export interface CredentialedUrl {
  /** The URL without userinfo. */
  readonly url: URL
  /** The user, when the URL names one. */
  readonly user: string | undefined
  /** The password (`''` when the URL gives none). */
  readonly password: string
}

/**
 * Parses a source's http(s) URL whose userinfo may hold anything. The userinfo is cut off by hand, up to
 * the last `@`: a password holding `/`, `?`, `#` or `@` would otherwise end the URL's authority early
 * and be read as a host or a path. User and password are percent-decoded.
 *
 * @param rawUrl - The URL as written after the source's scheme.
 * @param invalid - Makes the source's error for a URL that cannot be used, from the reason.
 * @returns The URL and its credentials.
 * @throws GateError from `invalid` when the text is not a URL or its scheme is not http(s).
 * @example
 * parseCredentialedUrl('https://me:p%40ss@host:8123/otel', invalid) // user 'me', password 'p@ss'
 */
export function parseCredentialedUrl(
  rawUrl: string,
  invalid: (reason: string) => GateError,
): CredentialedUrl {
  const userinfo = urlUserinfo(rawUrl)
  let url: URL
  try {
    url = new URL(userinfo === undefined ? rawUrl : rawUrl.replace(`${userinfo}@`, ''))
  } catch {
    throw invalid('it is not a URL')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw invalid(`its scheme is ${url.protocol} instead of http: or https:`)
  }
  if (userinfo === undefined) return { url, user: undefined, password: '' }
  const colon = userinfo.indexOf(':')
  return {
    url,
    user: percentDecoded(colon < 0 ? userinfo : userinfo.slice(0, colon)),
    password: colon < 0 ? '' : percentDecoded(userinfo.slice(colon + 1)),
  }
}
