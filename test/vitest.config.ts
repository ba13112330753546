import { defineWorkspaceProject } from '../vitest.shared.ts'

// End-to-end tests run the *built* packages (`pnpm test` builds first), as a user would.
export default defineWorkspaceProject('e2e', { include: ['e2e/**/*.test.ts'], testTimeout: 30_000 })
