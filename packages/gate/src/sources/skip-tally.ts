/** Counts the spans a source skipped over a whole query, to report them once. */
export class SkipTally {
  private count = 0
  private first: string | undefined

  /**
   * Adds the skip reasons of one decoded response.
   *
   * @param reasons - one reason per skipped span.
   */
  add(reasons: readonly string[]): void {
    this.first ??= reasons[0]
    this.count += reasons.length
  }

  /**
   * Reports the total, if any, as one warning.
   *
   * @param where - the source, for the message.
   * @param onWarning - where the warning goes.
   */
  report(where: string, onWarning: (message: string) => void): void {
    if (this.count === 0) return
    onWarning(
      `${where}: skipped ${this.count} span${this.count === 1 ? '' : 's'} that could not be decoded (first: ${this.first})`,
    )
  }
}
