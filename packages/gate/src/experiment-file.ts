import { open } from 'node:fs/promises'
import type { ConfigIssue, Experiment } from '@llm-canary/core'
import { formatIssuePath, parseExperiment } from '@llm-canary/core'
import type { Document, Node } from 'yaml'
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit } from 'yaml'
import type { LocatedIssue } from './errors.ts'
import { GateError } from './errors.ts'

/**
 * What an experiment file (or any YAML the CLI reads: a baselines file) may be, checked before and while
 * the YAML parser runs, so a hostile file can make it neither slow nor fat. A real experiment file is a
 * few KB with a few dozen keys; these bounds are two orders of magnitude above that.
 */
export const CONFIG_LIMITS = {
  /** Largest file, in bytes (UTF-8). */
  maxBytes: 131_072,
  /** Deepest nesting of flow collections (`[` and `{`), found by a scan before parsing. */
  maxFlowDepth: 64,
  /** Aliases (`*name`): a few are convenient, thousands are a billion-laughs attack. */
  maxAliases: 100,
  /** Nodes (keys, values, items) in the whole document. */
  maxNodes: 20_000,
  /** Keys of one map and items of one list. */
  maxEntries: 2_000,
  /** Problems listed one by one (the rest are counted). */
  maxIssues: 50,
} as const

/** A validated experiment file with the warnings found while reading it. */
export interface ExperimentFile {
  readonly path: string
  readonly experiment: Experiment
  readonly warnings: readonly LocatedIssue[]
}

/**
 * Reads, parses and validates an experiment file (YAML or JSON).
 *
 * @param path - the file to read.
 * @returns the normalised experiment and its warnings, each located at a line and column.
 * @throws GateError `FILE_UNREADABLE` when the file cannot be read; `CONFIG_INVALID` with every problem
 *   (YAML syntax, duplicate keys, schema) located in the file.
 * @example
 * const { experiment } = await readExperimentFile('experiment.yaml')
 */
export async function readExperimentFile(path: string): Promise<ExperimentFile> {
  return parseExperimentText(await readTextFile(path, 'experiment file'), path)
}

/**
 * Parses and validates the text of an experiment file; `readExperimentFile` without the read.
 *
 * @param text - the YAML (or JSON) source.
 * @param path - the name used in messages.
 * @throws GateError `CONFIG_INVALID` with every problem located in the text.
 */
export function parseExperimentText(text: string, path: string): ExperimentFile {
  const doc = parseBoundedYaml(text, path)
  const { lineCounter } = doc
  const at = (offset: number): { line: number; column: number } => {
    const pos = lineCounter.linePos(offset)
    return { line: pos.line, column: pos.col }
  }
  const locate = (issue: ConfigIssue): LocatedIssue => {
    const offset = offsetOf(doc.contents, issue.path)
    return offset === undefined ? issue : { ...issue, ...at(offset) }
  }
  const result = parseExperiment(doc.value)
  const warnings = result.warnings.map(locate)
  if (!result.ok) throw invalid(path, result.issues.map(locate).sort(byPosition))
  return { path, experiment: result.experiment, warnings }
}

/** A parsed YAML document within `CONFIG_LIMITS`, its plain value, and its line counter. */
interface BoundedYaml {
  readonly contents: Node | null
  readonly value: unknown
  readonly lineCounter: LineCounter
}

/**
 * Parses YAML (or JSON) text within `CONFIG_LIMITS`: the size and the flow nesting are checked before the
 * parser runs; aliases, nodes and entries per collection after parsing and before the value is built, so a
 * billion-laughs file is refused instead of expanded. Duplicate keys are found in one pass (the parser's own
 * check is quadratic in the keys of a map).
 *
 * @param text - The file's text.
 * @param path - The name used in messages.
 * @returns The document.
 * @throws GateError `CONFIG_INVALID` with every problem located (syntax, duplicate keys, a limit passed).
 */
function parseBoundedYaml(text: string, path: string): BoundedYaml {
  const bytes = Buffer.byteLength(text, 'utf8')
  if (bytes > CONFIG_LIMITS.maxBytes) {
    throw invalid(path, [
      limitIssue(
        `the file is ${bytes.toLocaleString('en-US')} bytes; an experiment file may be at most ${CONFIG_LIMITS.maxBytes.toLocaleString('en-US')} (it is a few KB: check that this is the right file)`,
        1,
        1,
      ),
    ])
  }
  const deep = findDeepFlow(text)
  if (deep !== undefined) {
    throw invalid(path, [
      limitIssue(
        `collections are nested more than ${CONFIG_LIMITS.maxFlowDepth} deep; an experiment file needs a few levels`,
        deep.line,
        deep.column,
      ),
    ])
  }
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false })
  const at = (offset: number): { line: number; column: number } => {
    const pos = lineCounter.linePos(offset)
    return { line: pos.line, column: pos.col }
  }
  const syntaxIssues: LocatedIssue[] = doc.errors.map((err) => ({
    path: [],
    message: `${err.message.replace(/ at line \d+, column \d+.*$/s, '')} (fix the YAML syntax)`,
    ...at(err.pos[0]),
  }))
  if (syntaxIssues.length > 0) throw invalid(path, syntaxIssues)
  if (doc.contents === null) {
    throw invalid(path, [
      {
        path: [],
        message: 'the file is empty; start from the example in the README (experiment, arms, guardrails)',
        line: 1,
        column: 1,
      },
    ])
  }
  const structureIssues = checkStructure(doc, at)
  if (structureIssues.length > 0) throw invalid(path, structureIssues)
  let value: unknown
  try {
    value = doc.toJS({ maxAliasCount: CONFIG_LIMITS.maxAliases })
  } catch (err) {
    throw invalid(path, [
      limitIssue(`the aliases expand too far (${(err as Error).message}); write the values out`, 1, 1),
    ])
  }
  return { contents: doc.contents, value, lineCounter }
}

/** Aliases, node count, entries per collection and duplicate keys, in one walk of the parsed document. */
function checkStructure(
  doc: Document,
  at: (offset: number) => { line: number; column: number },
): LocatedIssue[] {
  const issues: LocatedIssue[] = []
  let aliases = 0
  let nodes = 0
  const where = (node: Node): { line: number; column: number } => at(node.range?.[0] ?? 0)
  visit(doc, (_key, node) => {
    nodes += 1
    if (nodes > CONFIG_LIMITS.maxNodes) {
      issues.push(
        limitIssue(
          `the file has more than ${CONFIG_LIMITS.maxNodes.toLocaleString('en-US')} keys and values; an experiment file has a few dozen`,
          1,
          1,
        ),
      )
      return visit.BREAK
    }
    if (isAlias(node) && ++aliases > CONFIG_LIMITS.maxAliases) {
      const { line, column } = where(node)
      issues.push(
        limitIssue(`more than ${CONFIG_LIMITS.maxAliases} aliases; write the values out`, line, column),
      )
      return visit.BREAK
    }
    if ((isMap(node) || isSeq(node)) && node.items.length > CONFIG_LIMITS.maxEntries) {
      const { line, column } = where(node)
      const what = isMap(node) ? 'keys' : 'items'
      issues.push(
        limitIssue(
          `${node.items.length.toLocaleString('en-US')} ${what} in one ${isMap(node) ? 'map' : 'list'}; at most ${CONFIG_LIMITS.maxEntries.toLocaleString('en-US')} are read`,
          line,
          column,
        ),
      )
      return visit.BREAK
    }
    if (isMap(node)) issues.push(...duplicateKeys(node.items, where))
    return undefined
  })
  return issues
}

function duplicateKeys(
  pairs: readonly unknown[],
  where: (node: Node) => { line: number; column: number },
): LocatedIssue[] {
  const seen = new Set<unknown>()
  const issues: LocatedIssue[] = []
  for (const pair of pairs) {
    if (!isPair(pair) || !isScalar(pair.key)) continue
    const key = pair.key.value
    if (seen.has(key)) {
      issues.push({
        path: [],
        message: `Map keys must be unique (${String(key)} is repeated; fix the YAML syntax)`,
        ...where(pair.key),
      })
    }
    seen.add(key)
  }
  return issues
}

/** The first place where `[` / `{` nesting (outside quotes and comments) passes the limit. */
function findDeepFlow(text: string): { line: number; column: number } | undefined {
  let depth = 0
  let line = 1
  let column = 0
  let quote = ''
  let comment = false
  for (const char of text) {
    column += 1
    if (char === '\n') {
      line += 1
      column = 0
      comment = false
      continue
    }
    if (comment) continue
    if (quote !== '') {
      if (char === quote) quote = ''
    } else if (char === '"' || char === "'") quote = char
    else if (char === '#') comment = true
    else if (char === '[' || char === '{') {
      depth += 1
      if (depth > CONFIG_LIMITS.maxFlowDepth) return { line, column }
    } else if ((char === ']' || char === '}') && depth > 0) depth -= 1
  }
  return undefined
}

function limitIssue(message: string, line: number, column: number): LocatedIssue {
  return { path: [], message, line, column }
}

/**
 * Reads a UTF-8 text file named by the user, turning file-system errors into a clear `GateError`.
 *
 * @param path - the file.
 * @param what - what the file is, for the message (`experiment file`).
 * @throws GateError `FILE_UNREADABLE`.
 */
export async function readTextFile(path: string, what: string): Promise<string> {
  let handle: Awaited<ReturnType<typeof open>> | undefined
  try {
    handle = await open(path, 'r')
    // Read one byte past the limit (never the whole of a huge file, a FIFO or /dev/urandom).
    const buffer = Buffer.alloc(CONFIG_LIMITS.maxBytes + 1)
    let filled = 0
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, null)
      if (bytesRead === 0) break
      filled += bytesRead
    }
    if (filled > CONFIG_LIMITS.maxBytes) {
      throw new GateError(
        'CONFIG_INVALID',
        `${what} ${path} is larger than ${CONFIG_LIMITS.maxBytes.toLocaleString('en-US')} bytes; it holds a few KB of YAML (check the path)`,
        { file: path },
      )
    }
    return buffer.subarray(0, filled).toString('utf8')
  } catch (err) {
    if (err instanceof GateError) throw err
    const code = (err as NodeJS.ErrnoException).code
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : (err as Error).message
    throw new GateError('FILE_UNREADABLE', `cannot read ${what} ${path}: ${reason} (check the path)`, {
      cause: err,
    })
  } finally {
    await handle?.close()
  }
}

function invalid(path: string, issues: readonly LocatedIssue[]): GateError {
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`
  const shown = issues.slice(0, CONFIG_LIMITS.maxIssues)
  const more = issues.length - shown.length
  const listed =
    more === 0 ? shown : [...shown, { path: [], message: `… and ${more} more problem(s) of the same kind` }]
  return new GateError('CONFIG_INVALID', `${path} has ${count}`, { issues: listed, file: path })
}

/**
 * Start offset of the YAML node an issue path points at: the key of the deepest existing map
 * entry on the path (where a typo or a bad value is written), else its nearest existing parent.
 */
function offsetOf(root: Node | null, path: readonly (string | number)[]): number | undefined {
  let node: unknown = root
  let offset = (root?.range?.[0] ?? undefined) as number | undefined
  for (const part of path) {
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(part),
      )
      if (pair === undefined) break
      offset = (pair.key as Node).range?.[0] ?? offset
      node = pair.value
    } else if (isSeq(node) && typeof part === 'number') {
      const item = node.items[part] as Node | undefined
      if (item === undefined) break
      offset = item.range?.[0] ?? offset
      node = item
    } else {
      break
    }
  }
  return offset
}

function byPosition(a: LocatedIssue, b: LocatedIssue): number {
  return (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0)
}

/** Formats a located issue as `file:line:col  path: message`. */
export function formatLocatedIssue(file: string | undefined, issue: LocatedIssue): string {
  const path = issue.path.length === 0 ? '' : `${formatIssuePath(issue.path)}: `
  if (file === undefined) return `${path}${issue.message}`
  const where = issue.line === undefined ? file : `${file}:${issue.line}:${issue.column}`
  return `${where}  ${path}${issue.message}`
}
