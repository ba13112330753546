import { GateError } from '../errors.ts'

/** What replaces a secret in output. */
const REDACTED = '***'

/**
 * Secrets shorter than this are not masked: masking `ab` would mask every `ab` in a report, and a
 * credential that short protects nothing.
 */
const MIN_MASKED_LENGTH = 3

/**
 * Masks every secret in play (the backend token, URL credentials whatever characters they hold, the tenant,
 * the header values sent) wherever it appears in text: messages, errors, reports, and backend bodies that
 * echo it back. Each secret is also masked in the forms it travels in: percent-encoded, percent-decoded,
 * JSON-escaped and base64 (a basic `Authorization` header). The one redaction every printed line goes
 * through (`createSafeIO` in the CLI; `getJson` for backend bodies).
 *
 * @example
 * const redactor = new SecretRedactor()
 * redactor.add(process.env.LLM_CANARY_TRACE_TOKEN)
 * redactor.redact('401: bad token s3cr3t-t0ken') // '401: bad token ***'
 */
export class SecretRedactor {
  private readonly secrets = new Set<string>()
  private sorted: string[] | undefined

  /**
   * Adds a secret (and its encoded forms).
   *
   * @param secret - The secret; empty and absent values are ignored.
   * @returns This redactor, for chaining.
   */
  add(secret: string | undefined): this {
    if (secret === undefined || secret.length < MIN_MASKED_LENGTH) return this
    for (const form of encodedForms(secret)) {
      if (form.length >= MIN_MASKED_LENGTH) this.secrets.add(form)
    }
    this.sorted = undefined
    return this
  }

  /**
   * Adds the secrets of a header value: the value, and the credential after its scheme (`Bearer x`,
   * `Basic base64`, whose decoded `user:password` and password are added too).
   *
   * @param value - A header value that carries a credential or a tenant.
   * @returns This redactor, for chaining.
   */
  addHeaderValue(value: string): this {
    this.add(value)
    const match = /^(\w+)\s+(.+)$/.exec(value)
    if (match === null) return this
    this.add(match[2])
    if (match[1]?.toLowerCase() === 'basic') {
      const decoded = Buffer.from(match[2] ?? '', 'base64').toString('utf8')
      this.add(decoded)
      const colon = decoded.indexOf(':')
      if (colon >= 0) this.add(decoded.slice(colon + 1))
    }
    return this
  }

  /**
   * Adds the credentials written in URLs inside a text (a `--source` value): everything between `://`
   * and the last `@`, so a password holding `/`, `?`, `#` or `@` is masked whole; and its password part.
   *
   * @param text - A command-line value that may hold `scheme://user:password@host`.
   * @returns This redactor, for chaining.
   */
  addUrlCredentials(text: string): this {
    const userinfo = urlUserinfo(text)
    if (userinfo === undefined) return this
    this.add(userinfo)
    const colon = userinfo.indexOf(':')
    if (colon >= 0) {
      const user = userinfo.slice(0, colon)
      const password = userinfo.slice(colon + 1)
      this.add(password)
      this.add(Buffer.from(`${percentDecoded(user)}:${percentDecoded(password)}`).toString('base64'))
    }
    return this
  }

  /**
   * Every secret known, in each form it travels in (for a runner's own masking, such as GitHub's
   * `::add-mask::`).
   *
   * @returns The secrets, longest first.
   */
  values(): readonly string[] {
    this.sorted ??= [...this.secrets].sort((a, b) => b.length - a.length)
    return this.sorted
  }

  /**
   * Masks every known secret in a text.
   *
   * @param text - Any output.
   * @returns The text with each secret replaced by `***`.
   */
  redact(text: string): string {
    if (this.secrets.size === 0) return text
    let result = text
    for (const secret of this.values()) {
      if (result.includes(secret)) result = result.split(secret).join(REDACTED)
    }
    return result
  }
}

/**
 * The userinfo of the URL in a text: between `://` and the last `@` (a host never holds `@`).
 *
 * @param text - A URL, possibly after a scheme prefix (`jaeger:https://…`).
 * @returns The raw userinfo, or undefined when there is none.
 */
export function urlUserinfo(text: string): string | undefined {
  const start = text.indexOf('://')
  const end = text.lastIndexOf('@')
  if (start < 0 || end <= start + 3) return undefined
  return text.slice(start + 3, end)
}

/**
 * A text with the credentials of its URL masked (`jaeger:https://***@host`), whatever they hold.
 *
 * @param text - A spec or URL.
 * @returns The text without its userinfo.
 */
export function maskUrlCredentials(text: string): string {
  const userinfo = urlUserinfo(text)
  if (userinfo === undefined) return text
  const start = text.indexOf('://') + 3
  return `${text.slice(0, start)}${REDACTED}${text.slice(start + userinfo.length)}`
}

/**
 * Refuses a value that is about to become an HTTP header when it holds a control character: a line
 * break would let it write headers of its own, and Node's error about it would print the value.
 *
 * @param name - Where the value comes from (`LLM_CANARY_TRACE_TOKEN`), for the message.
 * @param value - The value.
 * @throws GateError `USAGE` naming the source and the position, never the value.
 */
export function checkHeaderValue(name: string, value: string): void {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused.
  const index = value.search(/[\u0000-\u001f\u007f]/)
  if (index < 0) return
  const code = value.charCodeAt(index)
  const what = code === 10 || code === 13 ? 'a line break' : 'a control character'
  throw new GateError(
    'USAGE',
    `${name} contains ${what} (character ${index + 1} of ${value.length}); remove it ` +
      '(a trailing newline often comes from reading the secret from a file)',
  )
}

function encodedForms(secret: string): string[] {
  const forms = [secret, JSON.stringify(secret).slice(1, -1), Buffer.from(secret).toString('base64')]
  try {
    forms.push(encodeURIComponent(secret))
  } catch {
    // A lone surrogate has no percent-encoding; the raw form is masked.
  }
  forms.push(percentDecoded(secret))
  return forms
}

/**
 * A percent-decoded text; one that is not valid percent-encoding (`p%ss`) is taken as is.
 *
 * @param text - A URL component.
 * @returns The decoded text.
 */
export function percentDecoded(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}
