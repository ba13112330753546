#!/usr/bin/env node
// Launches the CLI (dist/cli/bin.js) in a child Node with a bounded heap, so the analysis of large
// trace files stays within a predictable memory budget (see heap.js). Exit codes and signals pass
// through. A heap size the user chose (NODE_OPTIONS or node flags) is respected: no child then.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { DEFAULT_MAX_HEAP_MB } from './heap.js'

const cli = fileURLToPath(new URL('../dist/cli/bin.js', import.meta.url))
const heapChosen =
  /--max-old-space-size/.test(process.env.NODE_OPTIONS ?? '') ||
  process.execArgv.some((flag) => flag.startsWith('--max-old-space-size'))

if (heapChosen || process.env.LLM_CANARY_LAUNCHED === '1') {
  await import(cli)
} else {
  const heapMb = Number(process.env.LLM_CANARY_MAX_HEAP_MB ?? DEFAULT_MAX_HEAP_MB)
  if (!Number.isInteger(heapMb) || heapMb < 64) {
    process.stderr.write(
      `error LLM_CANARY_MAX_HEAP_MB is "${process.env.LLM_CANARY_MAX_HEAP_MB}"; give the heap limit in MB as a whole number ≥ 64, e.g. 2048\n`,
    )
    process.exit(2)
  }
  const child = spawn(process.execPath, [`--max-old-space-size=${heapMb}`, cli, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, LLM_CANARY_LAUNCHED: '1' },
  })
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal))
  child.on('exit', (code, signal) => {
    if (signal !== null) process.kill(process.pid, signal)
    else process.exitCode = code ?? 1
  })
}
