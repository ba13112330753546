import { E2eError } from './e2e-error.ts'

/** A workflow command an action printed on stdout (`::error file=a.yaml,line=3::message`). */
export interface WorkflowCommand {
  readonly command: string
  readonly properties: Readonly<Record<string, string>>
  readonly message: string
}

/**
 * Parses a file command file (`GITHUB_OUTPUT`, `GITHUB_STATE`, `GITHUB_ENV`) the way the runner does:
 * `name=value` lines, and `name<<DELIMITER` … `DELIMITER` blocks for multi-line values.
 *
 * @throws E2eError `ACTION_SETUP` when a block never closes (the runner fails the step then too).
 */
export function parseFileCommands(text: string, file: string): Record<string, string> {
  const values: Record<string, string> = {}
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i]!
    if (line === '') continue
    const equals = line.indexOf('=')
    const heredoc = line.indexOf('<<')
    if (heredoc >= 0 && (equals < 0 || heredoc < equals)) {
      const name = line.slice(0, heredoc)
      const delimiter = line.slice(heredoc + 2)
      const end = lines.indexOf(delimiter, i + 1)
      if (end < 0) {
        throw new E2eError(
          'ACTION_SETUP',
          `${file}: "${name}<<${delimiter}" is never closed by a "${delimiter}" line`,
        )
      }
      values[name] = lines.slice(i + 1, end).join('\n')
      i = end
    } else if (equals > 0) {
      values[line.slice(0, equals)] = line.slice(equals + 1)
    } else {
      throw new E2eError(
        'ACTION_SETUP',
        `${file}: line ${i + 1} "${line}" is neither name=value nor name<<DELIMITER`,
      )
    }
  }
  return values
}

const unescapeData = (s: string): string => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
const unescapeProperty = (s: string): string => unescapeData(s).replace(/%3A/g, ':').replace(/%2C/g, ',')

/**
 * The workflow commands in an action's stdout, as the runner reads them: `::name key=value,…::message`
 * with the toolkit's `%` escapes; lines between `::stop-commands::TOKEN` and `::TOKEN::` are not commands.
 */
export function parseWorkflowCommands(stdout: string): WorkflowCommand[] {
  const commands: WorkflowCommand[] = []
  let stopToken: string | undefined
  for (const line of stdout.split(/\r?\n/)) {
    const match = /^::([A-Za-z][\w-]*)(?: ([^:]*))?::(.*)$/.exec(line)
    if (match === null) continue
    const [, command, props, message] = match
    if (stopToken !== undefined) {
      if (command === stopToken) stopToken = undefined
      continue
    }
    if (command === 'stop-commands') {
      stopToken = message
      continue
    }
    const properties: Record<string, string> = {}
    for (const pair of (props ?? '').split(',')) {
      const equals = pair.indexOf('=')
      if (equals > 0) properties[pair.slice(0, equals).trim()] = unescapeProperty(pair.slice(equals + 1))
    }
    commands.push({ command: command!, properties, message: unescapeData(message!) })
  }
  return commands
}
