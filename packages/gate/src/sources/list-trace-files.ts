import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { GateError } from '../errors.ts'

const TRACE_FILE_NAME = /\.jsonl?(\.gz)?$/i

/**
 * Tells whether a file name is one a trace folder is read for.
 *
 * @param name - A file name or path.
 * @returns True for `*.jsonl`, `*.json`, `*.jsonl.gz`, `*.json.gz`.
 */
export function isTraceFileName(name: string): boolean {
  return TRACE_FILE_NAME.test(name)
}

/**
 * Resolves a `file:` path to the files to read: the file itself, or every `*.jsonl`, `*.json`,
 * `*.jsonl.gz` and `*.json.gz` directly in a folder (not in subfolders), sorted by name so rotated
 * exporter files (`traces-<timestamp>.jsonl`) come in order.
 *
 * @param path - a file or a folder.
 * @returns the file paths; empty for a folder without trace files.
 * @throws GateError `FILE_UNREADABLE` when the path does not exist or cannot be listed.
 * @example
 * await listTraceFiles('./traces') // ['traces/a.jsonl', 'traces/b.jsonl.gz']
 */
export async function listTraceFiles(path: string): Promise<string[]> {
  const stats = await stat(path).catch((err: unknown) => {
    throw unreadable(path, err)
  })
  if (!stats.isDirectory()) return [path]
  const entries = await readdir(path, { withFileTypes: true }).catch((err: unknown) => {
    throw unreadable(path, err)
  })
  const names = entries
    .filter((entry) => TRACE_FILE_NAME.test(entry.name) && (entry.isFile() || entry.isSymbolicLink()))
    .map((entry) => entry.name)
    .sort()
  const files: string[] = []
  for (const name of names) {
    // A symbolic link counts only when it leads to a file.
    const target = await stat(join(path, name)).catch(() => undefined)
    if (target?.isFile()) files.push(join(path, name))
  }
  return files
}

/**
 * Turns a file-system error into the user-facing `FILE_UNREADABLE`.
 *
 * @param path - the file or folder.
 * @param err - the error from `node:fs` or `node:zlib`.
 * @returns the error to throw.
 */
export function unreadable(path: string, err: unknown): GateError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code
  const reason =
    code === 'ENOENT'
      ? 'no such file or folder'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'EISDIR'
          ? 'it is a folder'
          : code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR'
            ? `the gzip data is corrupt or truncated (${(err as Error).message})`
            : err instanceof Error
              ? err.message
              : String(err)
  return new GateError(
    'FILE_UNREADABLE',
    `cannot read trace file ${path}: ${reason} (check the file: path)`,
    {
      cause: err,
    },
  )
}
