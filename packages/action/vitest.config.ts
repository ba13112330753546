import { defineWorkspaceProject } from '../../vitest.shared.ts'

export default defineWorkspaceProject('action')
