import { defaultServerConditions, mergeConfig } from 'vite'
import type { UserWorkspaceConfig } from 'vitest/config'
import { defineProject } from 'vitest/config'

/**
 * Vitest project config shared by every package: resolves workspace packages to their
 * TypeScript sources (the `@llm-canary/source` export condition), so tests need no build.
 * `module` is dropped from the conditions because it breaks externalized dependencies.
 */
export function defineWorkspaceProject(
  name: string,
  test: UserWorkspaceConfig['test'] = {},
): UserWorkspaceConfig {
  return mergeConfig(
    {
      ssr: {
        resolve: {
          conditions: ['@llm-canary/source', ...defaultServerConditions.filter((c) => c !== 'module')],
        },
      },
    },
    // Generous timeout: heavy property and uniformity tests must not fail on a busy 2-core machine.
    defineProject({ test: { name, testTimeout: 30_000, ...test } }),
  )
}
