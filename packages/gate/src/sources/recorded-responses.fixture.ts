import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const FIXTURES = new URL('../../test/fixtures/', import.meta.url)

/**
 * The absolute path of a recorded fixture. Test helper, not exported by the package.
 *
 * @param name - relative to `packages/gate/test/fixtures` (`jaeger/apiv3-GetTrace.json`).
 * @returns the path.
 */
function fixturePath(name: string): string {
  return fileURLToPath(new URL(name, FIXTURES))
}

/**
 * The bytes of a recorded fixture as text.
 *
 * @param name - relative to `packages/gate/test/fixtures`.
 * @returns the file's text.
 */
export function readFixtureText(name: string): string {
  return readFileSync(fixturePath(name), 'utf8')
}

/**
 * A recorded fixture, parsed.
 *
 * @param name - relative to `packages/gate/test/fixtures`.
 * @returns the parsed JSON.
 */
export function readFixture(name: string): unknown {
  return JSON.parse(readFixtureText(name)) as unknown
}
