/**
 * The esbuild settings of the action's bundle: one ESM file for Node 20+ with every dependency inlined
 * (the runner installs nothing), workspace packages taken from their TypeScript sources, and a
 * `require` made from `createRequire` for the CommonJS dependencies that load Node built-ins.
 */
export const BANNER =
  "import { createRequire as __llmCanaryCreateRequire } from 'node:module';\n" +
  'const require = __llmCanaryCreateRequire(import.meta.url);'

/**
 * @param {string} outdir - Where `index.js` goes.
 * @returns {import('esbuild').BuildOptions}
 */
export function bundleOptions(outdir) {
  return {
    entryPoints: [new URL('../src/index.ts', import.meta.url).pathname],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    conditions: ['@llm-canary/source'],
    outfile: `${outdir}/index.js`,
    legalComments: 'none',
    // Whitespace and syntax minified, names kept: a third of the size, stack traces still readable.
    minifyWhitespace: true,
    minifySyntax: true,
    // @datadog/sketches-js loads protobufjs only to serialise a sketch, which the gate never does.
    external: ['protobufjs/minimal'],
    banner: { js: BANNER },
    logLevel: 'warning',
    // Paths in the bundle's comments are relative to the package, so every clone builds the same bytes.
    absWorkingDir: new URL('..', import.meta.url).pathname,
  }
}

/** `dist/package.json`: the bundle is ESM wherever it is copied. */
export const DIST_PACKAGE_JSON = `${JSON.stringify({ type: 'module' }, null, 2)}\n`
