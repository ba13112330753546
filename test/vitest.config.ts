import { defineWorkspaceProject } from '../vitest.shared.ts'

// End-to-end tests run the *built* packages (`pnpm test` builds first), as a user would; the offline
// GitHub and the runner helper are tested beside them.
export default defineWorkspaceProject('e2e', {
  include: ['e2e/**/*.test.ts', 'github-fake/**/*.test.ts', 'helpers/**/*.test.ts'],
  testTimeout: 30_000,
})
