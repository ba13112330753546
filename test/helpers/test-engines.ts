import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { E2eError } from './e2e-error.ts'

const ENGINES_PACKAGE = new URL('../engines/package.json', import.meta.url)

/**
 * Resolves a module of the heavy test-only engines in `test/engines/` (kept out of the workspace so the
 * demo's install stays small; `pnpm test` installs them first).
 *
 * @param specifier - A package path such as `@octokit/openapi/generated/api.github.com.json`.
 * @returns The absolute path of the resolved file.
 * @throws {E2eError} `ENGINE_MISSING` when the engines are not installed, naming the command to run.
 */
export function resolveTestEngine(specifier: string): string {
  const require = createRequire(ENGINES_PACKAGE)
  try {
    return require.resolve(specifier)
  } catch {
    const installed = existsSync(new URL('../engines/node_modules', import.meta.url))
    throw new E2eError(
      'ENGINE_MISSING',
      `${specifier} is not installed in test/engines${installed ? '' : ' (test/engines/node_modules is missing)'}; run \`pnpm test:engines\` (pnpm test runs it first)`,
    )
  }
}
