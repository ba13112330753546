/**
 * How the llm-canary CLI reports an error when the command line asks for JSON (`--format json`, or the
 * older `--json`): besides the `error: …` line on stderr, one JSON document on stdout,
 * `{"error": {"code": "...", "message": "..."}}`, so a script that parses stdout always gets JSON. Shared
 * by the launcher (llm-canary.js, for deaths the CLI cannot report itself) and the CLI (src/cli).
 */

/** The formats an output flag may name; only `json` changes how errors are written. */
const FORMAT_FLAGS = new Set(['--format', '-f'])

/**
 * Whether the command line asks for JSON output. Read from the raw arguments, before they are parsed, so
 * that a command line the parser refuses is answered in JSON too.
 *
 * @param {readonly string[]} argv - The arguments after the program name.
 * @returns {boolean} True for `--format json`, `--format=json`, `-f json`, `-fjson` or `--json`.
 */
export function jsonOutputRequested(argv) {
  for (const [index, arg] of argv.entries()) {
    if (arg === '--') return false
    if (arg === '--json' || arg === '--format=json' || arg === '-fjson') return true
    if (FORMAT_FLAGS.has(arg) && argv[index + 1] === 'json') return true
  }
  return false
}

/**
 * The JSON error document, one line.
 *
 * @param {string} code - A `GateError` or `CoreError` code, `USAGE` for a refused command line, `INTERNAL`
 *   for an error nobody planned for.
 * @param {string} message - What happened and what to do: the text of the `error: …` line.
 * @param {Record<string, unknown>} [details] - More members of `error` (the located `issues` of an invalid file).
 * @returns {string} `{"error":{"code":…,"message":…}}` and a line break.
 */
export function formatJsonError(code, message, details = {}) {
  return `${JSON.stringify({ error: { code, message, ...details } })}\n`
}
