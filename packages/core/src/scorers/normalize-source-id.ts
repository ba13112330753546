const URL_LIKE = /^https?:\/\//i

/**
 * Normalises a cited source so the same source compares equal however it was written.
 * - http(s) URLs: scheme and host lower-cased, `www.` dropped, default port dropped, fragment dropped,
 *   `utm_*` query parameters dropped, the others sorted by name then value, trailing slash of the path
 *   dropped. Path and query case is kept (servers may tell them apart); `http` and `https` stay distinct.
 * - anything else (document ids, DOIs, file names): trimmed and case-folded (NFKC, lower case).
 *
 * @param id - A source id or URL as the model or the retriever gave it.
 * @returns The normalised id; `''` for a blank one.
 * @example
 * normalizeSourceId('HTTPS://www.Example.com:443/Docs/?utm_source=x&b=2&a=1#intro') // 'https://example.com/Docs?a=1&b=2'
 * normalizeSourceId('  DOC-42 ') // 'doc-42'
 */
export function normalizeSourceId(id: string): string {
  const trimmed = id.trim()
  if (URL_LIKE.test(trimmed)) {
    const url = parseUrl(trimmed)
    if (url !== undefined) return normalizeUrl(url)
  }
  return trimmed.normalize('NFKC').toLowerCase()
}

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text)
  } catch {
    return undefined
  }
}

function normalizeUrl(url: URL): string {
  // URL already lower-cases the scheme and host and drops a default port.
  const host = url.host.replace(/^www\./, '')
  const params = [...url.searchParams]
    .filter(([name]) => !name.toLowerCase().startsWith('utm_'))
    .sort(([nameA, valueA], [nameB, valueB]) => compare(nameA, nameB) || compare(valueA, valueB))
  const query = params.length === 0 ? '' : `?${new URLSearchParams(params).toString()}`
  const path = url.pathname.replace(/\/+$/, '')
  const credentials =
    url.username === '' ? '' : `${url.username}${url.password === '' ? '' : `:${url.password}`}@`
  return `${url.protocol}//${credentials}${host}${path}${query}`
}

function compare(a: string, b: string): number {
  if (a === b) return 0
  return a < b ? -1 : 1
}
