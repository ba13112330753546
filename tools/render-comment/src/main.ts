/**
 * `pnpm render:comment`: regenerates docs/pr-comment.png, the demo's pull-request comment as a reviewer
 * sees it on GitHub. Runs the demo, renders its `pr-comment.md` as GFM with GitHub's Markdown CSS and
 * Mermaid in headless Chromium (Debian's `chromium`), and writes the PNG.
 *
 * Flags: `--comment <file>` renders that Markdown instead of running the demo; `--out <png>` (default
 * docs/pr-comment.png); `--expand` opens every collapsed block (to look at the charts).
 */
import { readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { buildCommentPage } from './comment-page.ts'
import { runDemoForComment } from './demo-comment.ts'
import { RenderError } from './render-error.ts'
import { screenshotCommentPage } from './screenshot.ts'

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')

try {
  await main(process.argv.slice(2).filter((arg) => arg !== '--'))
} catch (err) {
  const known = err instanceof Error && err.name === 'RenderError'
  process.stderr.write(
    `render:comment: ${known ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  )
  process.exitCode = known && (err as RenderError).code === 'USAGE' ? 2 : 1
}

async function main(args: readonly string[]): Promise<void> {
  const { values } = readFlags(args)
  const out = resolve(
    process.env.INIT_CWD ?? process.cwd(),
    values.out ?? join(repoRoot, 'docs/pr-comment.png'),
  )
  const comment =
    values.comment === undefined
      ? runDemoForComment(repoRoot)
      : resolve(process.env.INIT_CWD ?? process.cwd(), values.comment)
  const html = buildCommentPage(readFileSync(comment, 'utf8'))
  await screenshotCommentPage({ html, out, expand: values.expand === true })
  process.stdout.write(
    `wrote ${relative(process.cwd(), out) || out} from ${relative(process.cwd(), comment)}\n`,
  )
}

function readFlags(args: readonly string[]) {
  try {
    return parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        comment: { type: 'string' },
        out: { type: 'string' },
        expand: { type: 'boolean' },
      },
    })
  } catch (err) {
    throw new RenderError(
      'USAGE',
      `${err instanceof Error ? err.message : String(err)}; flags: --comment <file.md>, --out <file.png>, --expand`,
    )
  }
}
