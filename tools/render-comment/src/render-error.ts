/** Every error code of `pnpm render:comment`. */
export type RenderErrorCode =
  /** A bad flag. */
  | 'USAGE'
  /** No Chromium to drive. */
  | 'CHROMIUM_MISSING'
  /** The demo did not write its comment. */
  | 'DEMO_FAILED'
  /** The page did not render: Mermaid refused a block, or Chromium failed. */
  | 'RENDER_FAILED'

/** The one error class of the comment renderer; the message says what went wrong and what to do. */
export class RenderError extends Error {
  override readonly name = 'RenderError'
  constructor(
    readonly code: RenderErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}
