/**
 * The one document every performance claim lives in: `docs/benchmarks.md`. Each package's benchmark
 * writes its own section (between `<!-- bench:<slug> -->` markers) and leaves the others as they are,
 * so a package can be re-measured alone and `pnpm bench` regenerates them all.
 */

/** Sections in the order the document lists them; a section not listed goes last. */
const SECTION_ORDER: readonly string[] = ['handler', 'assignment', 'gate']

/** The document's head: what it holds and the commands that regenerate it. */
const REPORT_HEAD = [
  '# Benchmarks',
  '',
  'Every performance figure llm-canary states, in one place. Each section below is written by its',
  "package's benchmark, with the machine it ran on, the method and the table; figures elsewhere",
  '(README, CHANGELOG, docs) are copied from here.',
  '',
  '## Commands',
  '',
  '```sh',
  'pnpm bench                                   # everything below, one section after the other',
  'pnpm --filter @llm-canary/langgraph bench    # the handler beside the peer tracers',
  'pnpm --filter @llm-canary/core bench         # assignment: ours, GrowthBook, LaunchDarkly',
  'pnpm --filter @llm-canary/gate bench         # the gate on 1M spans, beside DuckDB',
  '```',
  '',
  'Each command rewrites only its own sections of this file. The machine is shared with other work,',
  'so each section records the load average it started under; the handler and gate benchmarks measure',
  'CPU time besides wall time for that reason.',
].join('\n')

const begin = (slug: string) => `<!-- bench:${slug} -->`
const end = (slug: string) => `<!-- /bench:${slug} -->`
const SECTION = /<!-- bench:([a-z0-9-]+) -->\n([\s\S]*?)<!-- \/bench:\1 -->/g

/**
 * Puts one section into the shared report, replacing its previous text and keeping every other
 * section; the head is always the current `REPORT_HEAD`.
 *
 * @param document - The report as it is now (empty when it does not exist yet).
 * @param slug - The section's name (`handler`, `assignment`, `gate`).
 * @param markdown - The section's Markdown, starting with its `##` heading.
 * @returns The whole new document, ending with a newline.
 * @example
 * writeFileSync(path, replaceSection(readIfExists(path), 'assignment', markdown))
 */
export function replaceSection(document: string, slug: string, markdown: string): string {
  const sections = new Map<string, string>()
  for (const match of document.matchAll(SECTION)) sections.set(match[1]!, match[2]!.trimEnd())
  sections.set(slug, markdown.trimEnd())
  const rank = (name: string) => {
    const index = SECTION_ORDER.indexOf(name)
    return index === -1 ? SECTION_ORDER.length : index
  }
  const ordered = [...sections.keys()].sort((a, b) => rank(a) - rank(b))
  const body = ordered.map((name) => `${begin(name)}\n${sections.get(name)}\n${end(name)}`)
  return `${[REPORT_HEAD, ...body].join('\n\n')}\n`
}
