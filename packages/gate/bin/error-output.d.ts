/** Whether the command line asks for JSON output (`--format json`, `--format=json`, `-f json`, `-fjson`, `--json`). */
export declare function jsonOutputRequested(argv: readonly string[]): boolean
/** The JSON error document `{"error":{"code","message",...details}}`, one line. */
export declare function formatJsonError(
  code: string,
  message: string,
  details?: Record<string, unknown>,
): string
