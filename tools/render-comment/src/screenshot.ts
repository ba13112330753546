import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { resolveTestEngine } from '../../../test/helpers/test-engines.ts'
import { RenderError } from './render-error.ts'

/** Where Debian's `chromium` package puts the browser; `CHROMIUM_PATH` overrides. */
const DEFAULT_CHROMIUM = '/usr/bin/chromium'

/** Flags for a headless Chromium that talks to nobody: no GPU, no QUIC, no updates, no sync. */
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** What `screenshotCommentPage` draws. */
export interface ScreenshotOptions {
  /** The page from `buildCommentPage`. */
  readonly html: string
  /** The PNG to write. */
  readonly out: string
  /** Open every `<details>` (to check the charts); the default shows the comment as it arrives. */
  readonly expand?: boolean
  /** Pixels per CSS pixel (default 2, for a sharp image on a high-density screen). */
  readonly scale?: number
}

/**
 * Renders a comment page in headless Chromium and writes a PNG of the comment. Mermaid is loaded from
 * `test/engines` (`pnpm test:engines`), never from a CDN: every network request is refused. The charts are
 * drawn with their `<details>` open (Mermaid cannot measure a hidden block), then closed again unless
 * `expand` is set.
 *
 * @param options - The page, the output path, whether to expand, the pixel scale.
 * @throws RenderError `CHROMIUM_MISSING` without a browser; `RENDER_FAILED` when Mermaid refuses a block.
 */
export async function screenshotCommentPage(options: ScreenshotOptions): Promise<void> {
  const executablePath = process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM
  if (!existsSync(executablePath)) {
    throw new RenderError(
      'CHROMIUM_MISSING',
      `no Chromium at ${executablePath}; install Debian's (apt-get install -y chromium fonts-liberation fonts-noto-color-emoji) or set CHROMIUM_PATH`,
    )
  }
  const mermaidScript = resolveTestEngine('mermaid/dist/mermaid.min.js')
  const profile = mkdtempSync(join(tmpdir(), 'llm-canary-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    chromiumSandbox: false,
    args: CHROMIUM_FLAGS,
    deviceScaleFactor: options.scale ?? 2,
    viewport: { width: 960, height: 900 },
    offline: true,
  })
  try {
    const page = context.pages()[0] ?? (await context.newPage())
    await page.route(/^(https?|wss?|ftp):/, (route) => route.abort())
    await page.setContent(options.html, { waitUntil: 'load' })
    await page.addScriptTag({ path: mermaidScript })
    const failure = await page.evaluate(drawMermaid)
    if (failure !== undefined) throw new RenderError('RENDER_FAILED', `Mermaid refused a chart: ${failure}`)
    if (options.expand !== true) {
      await page.evaluate(() => {
        for (const block of document.querySelectorAll('details')) block.open = false
      })
    }
    await page.locator('#comment').screenshot({ path: options.out, animations: 'disabled' })
  } finally {
    await context.close()
    rmSync(profile, { recursive: true, force: true })
  }
}

/** Runs in the page: opens every block, lets Mermaid draw each chart, and says what failed. */
async function drawMermaid(): Promise<string | undefined> {
  const mermaid = (globalThis as unknown as { mermaid: MermaidApi }).mermaid
  for (const block of document.querySelectorAll('details')) block.open = true
  mermaid.initialize({ startOnLoad: false, theme: 'default', securityLevel: 'strict' })
  try {
    await mermaid.run({ querySelector: 'pre.mermaid' })
    return undefined
  } catch (err) {
    return err instanceof Error ? err.message : String(err)
  }
}

/** The part of Mermaid's browser API the page uses. */
interface MermaidApi {
  initialize(config: Readonly<Record<string, unknown>>): void
  run(options: { readonly querySelector: string }): Promise<void>
}
