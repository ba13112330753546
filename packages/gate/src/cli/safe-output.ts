import { escapeUnsafeOutput } from '../report/unsafe-characters.ts'
import { SecretRedactor } from '../sources/secret-redactor.ts'
import type { CliIO } from './io.ts'

/** The environment variables that hold secrets. */
const SECRET_ENV_VARIABLES = ['LLM_CANARY_TRACE_TOKEN', 'LLM_CANARY_TRACE_TENANT'] as const

/** Flags whose value is a secret on its own (not only a URL's credentials). */
const SECRET_FLAGS = new Set(['--tenant'])

/**
 * Collects every secret a CLI run has in play before anything is parsed or printed: the token and tenant
 * from the environment, the `--tenant` value, and the credentials of any URL among the arguments
 * (`--source jaeger:https://user:password@host`, whatever characters the password holds).
 *
 * @param argv - The arguments after the program name.
 * @param env - The environment.
 * @returns The redactor that every line the CLI prints or writes goes through.
 */
export function collectSecrets(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
): SecretRedactor {
  const redactor = new SecretRedactor()
  for (const name of SECRET_ENV_VARIABLES) redactor.add(env[name]?.trim())
  argv.forEach((arg, index) => {
    redactor.addUrlCredentials(arg)
    const [flag, inline] = arg.split(/=(.*)/s)
    if (flag !== undefined && SECRET_FLAGS.has(flag)) redactor.add(inline ?? argv[index + 1])
  })
  return redactor
}

/**
 * Wraps the CLI's output so that nothing leaves it unguarded: every write (messages, errors, reports,
 * Commander's own text) has its secrets masked and its control characters escaped; only the CLI's own
 * colour codes survive, and only when colour is on. `guard` applies the same to text bound for a file.
 *
 * @param io - Where the CLI writes.
 * @param redactor - The run's secrets (`collectSecrets`).
 * @param keepOwnStyles - True when the CLI colours its output.
 * @returns The guarded io.
 */
export function createSafeIO(io: CliIO, redactor: SecretRedactor, keepOwnStyles: boolean): CliIO {
  const clean = (text: string): string => escapeUnsafeOutput(redactor.redact(text), { keepOwnStyles })
  return {
    ...io,
    progressStream: io.progressStream ?? io.stderr,
    stdout: { write: (text: string) => io.stdout.write(clean(text)) },
    stderr: { write: (text: string) => io.stderr.write(clean(text)) },
    guard: (text: string) => escapeUnsafeOutput(redactor.redact(text)),
  }
}
