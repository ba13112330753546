import { readFile } from 'node:fs/promises'
import type { ConfigIssue, Experiment } from '@llm-canary/core'
import { formatIssuePath, parseExperiment } from '@llm-canary/core'
import type { Node } from 'yaml'
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml'
import type { LocatedIssue } from './errors.ts'
import { GateError } from './errors.ts'

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
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true })
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

  const locate = (issue: ConfigIssue): LocatedIssue => {
    const offset = offsetOf(doc.contents, issue.path)
    return offset === undefined ? issue : { ...issue, ...at(offset) }
  }
  const result = parseExperiment(doc.toJS({ maxAliasCount: 100 }))
  const warnings = result.warnings.map(locate)
  if (!result.ok) throw invalid(path, result.issues.map(locate).sort(byPosition))
  return { path, experiment: result.experiment, warnings }
}

/**
 * Reads a UTF-8 text file named by the user, turning file-system errors into a clear `GateError`.
 *
 * @param path - the file.
 * @param what - what the file is, for the message (`experiment file`).
 * @throws GateError `FILE_UNREADABLE`.
 */
export async function readTextFile(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (err) {
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
  }
}

function invalid(path: string, issues: readonly LocatedIssue[]): GateError {
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`
  return new GateError('CONFIG_INVALID', `${path} has ${count}`, { issues, file: path })
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
