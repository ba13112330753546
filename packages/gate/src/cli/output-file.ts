import { randomBytes } from 'node:crypto'
import { rename, rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { GateError } from '../errors.ts'

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
