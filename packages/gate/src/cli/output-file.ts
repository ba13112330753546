import { randomBytes } from 'node:crypto'
import { rename, rm, stat, writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { GateError } from '../errors.ts'
import { isTraceFileName } from '../sources/list-trace-files.ts'

/** A file (or folder) the command reads, which its report must never overwrite. */
export interface ReadInput {
  /** What it is, for the message (`the experiment file`). */
  readonly what: string
  readonly path: string
}

/**
 * Refuses an `--output` that is one of the command's inputs (the same file by any path: a symbolic or
 * hard link, `./x` and `x`), or a trace file inside a trace folder being read, which the next run would
 * read as traces.
 *
 * @param output - The `--output` path.
 * @param inputs - The experiment file and the trace file or folder.
 * @throws GateError `USAGE` naming the input.
 */
export async function refuseOverwritingInputs(output: string, inputs: readonly ReadInput[]): Promise<void> {
  const target = await stat(output).catch(() => undefined)
  for (const input of inputs) {
    const source = await stat(input.path).catch(() => undefined)
    const sameFile =
      target !== undefined && source !== undefined && target.dev === source.dev && target.ino === source.ino
    const intoTraceFolder =
      source?.isDirectory() === true &&
      resolve(dirname(output)) === resolve(input.path) &&
      isTraceFileName(output)
    if (sameFile || intoTraceFolder) {
      throw new GateError(
        'USAGE',
        `--output ${output} would overwrite ${intoTraceFolder ? `a trace file in ${input.what}` : input.what} (${input.path}); ` +
          'write the report to another file',
      )
    }
  }
}

/**
 * Writes a report file atomically: a temporary file beside it, then a rename, so a reader never sees
 * half a report and a failed run leaves the previous file in place.
 *
 * @throws GateError `FILE_UNREADABLE` when the folder cannot be written.
 */
export async function writeFileAtomically(path: string, text: string): Promise<void> {
  const temporary = join(dirname(path), `.${randomBytes(6).toString('hex')}.tmp`)
  try {
    await writeFile(temporary, text, 'utf8')
    await rename(temporary, path)
  } catch (err) {
    await rm(temporary, { force: true })
    throw new GateError(
      'FILE_UNREADABLE',
      `cannot write ${path}: ${(err as Error).message} (check the folder exists)`,
      {
        cause: err,
      },
    )
  }
}
