import { pathToFileURL } from 'node:url'
import { E2eError } from './e2e-error.ts'
import { renderGitHubMarkdown } from './github-markdown.ts'
import { resolveTestEngine } from './test-engines.ts'

/**
 * A comment as GitHub would show it, for tests: its Markdown parsed as GFM (github-markdown.ts) into a
 * DOM, and every Mermaid block checked by Mermaid's own parser. Mermaid's parser needs a DOM even to
 * parse (its sanitiser, DOMPurify, is created from `window` when Mermaid loads), and
 * `@mermaid-js/parser` does not cover `xychart`, so Mermaid runs under jsdom, the DOM DOMPurify documents
 * for Node; both come from `test/engines` (about 170 MB, out of the demo's install).
 */

/** The part of Mermaid's API the tests use. */
interface MermaidApi {
  initialize(config: Readonly<Record<string, unknown>>): void
  parse(text: string): Promise<{ readonly diagramType: string }>
}

/** The parts of jsdom the tests use. */
interface JsdomModule {
  readonly JSDOM: new (
    html: string,
    options?: Readonly<Record<string, unknown>>,
  ) => { readonly window: Window & typeof globalThis }
}

let engines: Promise<{ readonly jsdom: JsdomModule; readonly mermaid: MermaidApi }> | undefined

/** Loads jsdom, makes its window the global one, then loads Mermaid (once per test file). */
function loadEngines(): Promise<{ readonly jsdom: JsdomModule; readonly mermaid: MermaidApi }> {
  engines ??= (async () => {
    const jsdom = (await import(pathToFileURL(resolveTestEngine('jsdom')).href)) as JsdomModule
    const { window } = new jsdom.JSDOM('<!doctype html><html><body></body></html>', {
      pretendToBeVisual: true,
    })
    Object.assign(globalThis, { window, document: window.document })
    const module = (await import(pathToFileURL(resolveTestEngine('mermaid')).href)) as { default: MermaidApi }
    module.default.initialize({ startOnLoad: false })
    return { jsdom, mermaid: module.default }
  })()
  return engines
}

/** A comment rendered as GFM, with its Mermaid blocks parsed. */
export interface RenderedComment {
  /** The comment's body as GitHub's Markdown makes it (a `<body>` element holding the HTML). */
  readonly body: HTMLElement
  /** The text of every ```` ```mermaid ```` block, in order, with the diagram type Mermaid read. */
  readonly charts: readonly { readonly text: string; readonly diagramType: string }[]
}

/**
 * Renders a comment as GitHub parses it and parses each Mermaid block with Mermaid itself.
 *
 * @param markdown - The comment's Markdown.
 * @returns The DOM of the rendered body and the charts.
 * @throws {E2eError} `MERMAID_SYNTAX` when Mermaid rejects a block (its message, the block's number and
 *   text); `ENGINE_MISSING` without `pnpm test:engines`.
 */
export async function renderComment(markdown: string): Promise<RenderedComment> {
  const { jsdom, mermaid } = await loadEngines()
  const { window } = new jsdom.JSDOM(
    `<!doctype html><html><body>${renderGitHubMarkdown(markdown)}</body></html>`,
  )
  const body = window.document.body
  const charts: { text: string; diagramType: string }[] = []
  for (const [index, code] of [...body.querySelectorAll('pre > code.language-mermaid')].entries()) {
    const text = code.textContent ?? ''
    try {
      charts.push({ text, diagramType: (await mermaid.parse(text)).diagramType })
    } catch (err) {
      throw new E2eError(
        'MERMAID_SYNTAX',
        `Mermaid block ${index + 1} does not parse: ${err instanceof Error ? err.message : String(err)}\n${text}`,
      )
    }
  }
  return { body, charts }
}
