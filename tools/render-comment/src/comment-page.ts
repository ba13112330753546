import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { renderGitHubMarkdown } from '../../../test/helpers/github-markdown.ts'

const require = createRequire(import.meta.url)

/** GitHub's comment box on a 1440-pixel-wide screen (the page's 1,280-pixel layout, less the sidebar and avatar). */
const COMMENT_WIDTH_PX = 880

/**
 * Builds a page that shows a comment as a pull request does: the body parsed as GFM, styled with GitHub's
 * own Markdown CSS (`github-markdown-css`, light theme), in a comment box under the bot's name. Mermaid
 * blocks become `<pre class="mermaid">` for Mermaid to draw in the page, as GitHub's viewer does.
 *
 * @param markdown - The comment's Markdown.
 * @param author - The name in the comment's header.
 * @returns A self-contained HTML document (no network: the CSS is inlined).
 */
export function buildCommentPage(markdown: string, author = 'github-actions'): string {
  const css = readFileSync(require.resolve('github-markdown-css/github-markdown-light.css'), 'utf8')
  const body = renderGitHubMarkdown(markdown).replace(
    /<pre><code class="language-mermaid">([\s\S]*?)<\/code><\/pre>/g,
    (_, code: string) => `<pre class="mermaid">${code}</pre>`,
  )
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>pull request comment</title>
<style>${css}</style>
<style>
  body { margin: 0; padding: 16px; background: #ffffff; }
  .comment { width: ${COMMENT_WIDTH_PX}px; border: 1px solid #d1d9e0; border-radius: 6px; }
  .comment-header { padding: 8px 16px; background: #f6f8fa; border-bottom: 1px solid #d1d9e0;
    border-radius: 6px 6px 0 0; color: #59636e; font: 14px -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; }
  .comment-header b { color: #1f2328; }
  .markdown-body { padding: 16px; font-size: 14px; }
  pre.mermaid { background: #ffffff; text-align: center; }
</style></head>
<body><div class="comment" id="comment">
<div class="comment-header"><b>${author}</b> <span>bot</span> commented</div>
<article class="markdown-body">
${body}
</article></div></body></html>
`
}
