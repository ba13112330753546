/**
 * Helpers of the pack-and-install tests: pack the publishable packages as pnpm publishes them
 * (`workspace:^` becomes a real range), install the tarballs with npm into a fresh project outside the
 * workspace (the registry for everything else), and run commands there. Test helper, not exported.
 */
import { execFile, spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { repoRoot } from '../helpers/cli.ts'

/** The packages a user installs from the registry, by directory. */
const PUBLISHED = ['core', 'langgraph', 'gate'] as const

/** What one command printed and returned. */
export interface CommandRun {
  readonly status: number | null
  readonly stdout: string
  readonly stderr: string
}

/** Options of a command run in the user's project. */
export interface CommandOptions {
  readonly cwd: string
  readonly env?: Readonly<Record<string, string>>
  /** Time allowed; default 5 minutes. */
  readonly timeoutMs?: number
}

/** The environment of a user's shell: this one, less the workspace's own variables, plus `extra`. */
function userEnvironment(extra: Readonly<Record<string, string>> = {}): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env, ...extra }
  for (const name of [
    'NODE_OPTIONS',
    'NODE_PATH',
    'FORCE_COLOR',
    'npm_config_user_agent',
    'PNPM_SCRIPT_SRC_DIR',
  ]) {
    if (extra[name] === undefined) delete env[name]
  }
  return env
}

/**
 * Runs a command, bounded in time; the environment loses the workspace's own variables so the project
 * behaves as a user's.
 *
 * @param command - The program.
 * @param args - Its arguments.
 * @param options - Working folder, extra environment, time allowed.
 * @returns What it printed and its exit status.
 */
export function runCommand(command: string, args: readonly string[], options: CommandOptions): CommandRun {
  const result = spawnSync(command, [...args], {
    cwd: options.cwd,
    env: userEnvironment(options.env),
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 300_000,
    maxBuffer: 64 * 1_048_576,
  })
  return {
    status: result.status,
    stdout: result.stdout ?? '',
    stderr: result.stderr ?? result.error?.message ?? '',
  }
}

/**
 * `runCommand` without blocking the event loop, so the test can serve HTTP to the command from its own
 * process (the OTLP receiver, the model endpoint).
 *
 * @param command - The program.
 * @param args - Its arguments.
 * @param options - Working folder, extra environment, time allowed.
 * @returns What it printed and its exit status (null when it was killed at the time limit).
 */
export function runCommandAsync(
  command: string,
  args: readonly string[],
  options: CommandOptions,
): Promise<CommandRun> {
  return new Promise((resolve) => {
    execFile(
      command,
      [...args],
      {
        cwd: options.cwd,
        env: userEnvironment(options.env),
        encoding: 'utf8',
        timeout: options.timeoutMs ?? 300_000,
        maxBuffer: 64 * 1_048_576,
      },
      (error, stdout, stderr) => {
        const status = error === null ? 0 : typeof error.code === 'number' ? error.code : null
        resolve({ status, stdout, stderr: stderr === '' && error !== null ? error.message : stderr })
      },
    )
  })
}

/**
 * Packs every published package with pnpm (its `files`, its `publishConfig`, `workspace:^` resolved), from
 * the built `dist/` (`pnpm test` builds first).
 *
 * @returns The tarball of each package, by npm name, in a fresh folder.
 * @throws Error naming the package and pnpm's output when packing fails.
 */
export function packPackages(): Record<string, string> {
  const destination = mkdtempSync(join(tmpdir(), 'llm-canary-packed-'))
  const tarballs: Record<string, string> = {}
  for (const name of PUBLISHED) {
    const dir = join(repoRoot, 'packages', name)
    const packed = runCommand('npx', ['-y', 'pnpm@10', 'pack', '--pack-destination', destination], {
      cwd: dir,
    })
    if (packed.status !== 0)
      throw new Error(`pnpm pack in packages/${name} failed:\n${packed.stdout}${packed.stderr}`)
    const file = readdirSync(destination).find((entry) => entry.startsWith(`llm-canary-${name}-`))
    if (file === undefined)
      throw new Error(`pnpm pack in packages/${name} wrote no tarball to ${destination}`)
    tarballs[`@llm-canary/${name}`] = join(destination, file)
  }
  return tarballs
}

/**
 * Creates an empty ESM project in a temporary folder, outside any workspace.
 *
 * @param label - Part of the folder name.
 * @returns The folder.
 */
export function createProject(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `llm-canary-${label}-`))
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: `try-${label}`, private: true, type: 'module' }, null, 2)}\n`,
  )
  return dir
}

/**
 * `npm install` into a project, from npm's cache where it can (`--prefer-offline`: one run's installs
 * share what the first one fetched).
 *
 * @param dir - The project.
 * @param specs - Tarball paths and `name@range` specs.
 * @throws Error with npm's output when the install fails.
 */
export function npmInstall(dir: string, specs: readonly string[]): void {
  const installed = runCommand(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...specs],
    { cwd: dir, timeoutMs: 480_000 },
  )
  if (installed.status !== 0) throw new Error(`npm install ${specs.join(' ')} failed:\n${installed.stderr}`)
}

/**
 * The versions the workspace tests the LangGraph package with (its devDependencies), as `name@version`.
 *
 * @param names - Package names.
 * @returns One spec per name.
 */
export function testedVersions(names: readonly string[]): string[] {
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'packages/langgraph/package.json'), 'utf8')) as {
    devDependencies: Record<string, string>
  }
  return names.map((name) => {
    const version = manifest.devDependencies[name]
    if (version === undefined) throw new Error(`packages/langgraph has no devDependency ${name}`)
    return `${name}@${version}`
  })
}
