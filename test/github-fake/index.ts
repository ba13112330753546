export type { EventName, RunContext } from './event-payload.ts'
export type { GitCommit, GitPerson } from './git-model.ts'
export type { InjectedFailure, RecordedRequest, Violation } from './http-pipeline.ts'
export type {
  Access,
  CheckRunState,
  CommentState,
  IssueEventState,
  LabelState,
  PullState,
  RepositoryRole,
  StatusState,
  TokenScope,
} from './model-types.ts'
export { FORK_PERMISSIONS, WORKFLOW_WRITE_PERMISSIONS } from './permissions.ts'
export type { MergeOptions, OpenPullOptions } from './pull-requests.ts'
export type { CommitOptions, FileChanges, RepoState } from './repo-state.ts'
export { ACTIONS_BOT } from './repo-state.ts'
export type { FakeGitHubOptions, TokenOptions } from './start-fake-github.ts'
export { FakeGitHub, startFakeGitHub } from './start-fake-github.ts'
