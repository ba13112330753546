#!/usr/bin/env node
// Launches the CLI (dist/cli/bin.js) in a child Node with a bounded heap, so the analysis of large
// trace files stays within a predictable memory budget (see heap.js). A heap size the user chose
// (NODE_OPTIONS or node flags) is respected: no child then.
//
// A crash never looks like a verdict. The child declares the exit code it chose on descriptor 3; a
// child that exits without declaring one (an uncaught error, V8 out of memory, a signal) ends the
// launcher with exit 2 and one line saying what happened and what to do, never 0 or 1. The child's
// stderr passes through here line by line, so V8's fatal-error dump is replaced by that line; its live
// progress line gets the terminal directly on descriptor 4.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { formatJsonError, jsonOutputRequested } from './error-output.js'
import { ExitCode } from './exit-codes.js'
import { DEFAULT_MAX_HEAP_MB } from './heap.js'

const cli = fileURLToPath(new URL('../dist/cli/bin.js', import.meta.url))
const heapChosen =
  /--max-old-space-size/.test(process.env.NODE_OPTIONS ?? '') ||
  process.execArgv.some((flag) => flag.startsWith('--max-old-space-size'))
/** Where V8's own fatal-error report starts: from there on the child's stderr is its dump, not ours. */
const V8_FATAL =
  /^(<--- Last few GCs --->|<--- JS stacktrace --->|FATAL ERROR:|#\s*Fatal (?:error|JavaScript))/
const OUT_OF_MEMORY = /heap out of memory|Reached heap limit|Allocation failed|invalid array length|Zone/i
/** Signals the launcher forwards to the child: the child dying of one of them is the user's doing. */
const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP']

if (heapChosen || process.env.LLM_CANARY_LAUNCHED === '1') {
  await import(cli)
} else {
  const heapText = process.env.LLM_CANARY_MAX_HEAP_MB
  const heapMb = Number(heapText ?? DEFAULT_MAX_HEAP_MB)
  if (!/^\d{1,6}$/.test(heapText ?? String(DEFAULT_MAX_HEAP_MB)) || heapMb < 16) {
    fail(
      'USAGE',
      `LLM_CANARY_MAX_HEAP_MB is ${JSON.stringify(heapText)}; give the heap limit in MB as a whole number ≥ 16, e.g. 2048`,
    )
    process.exit(ExitCode.Usage)
  }
  runChild(heapMb)
}

function runChild(heapMb) {
  const child = spawn(process.execPath, [`--max-old-space-size=${heapMb}`, cli, ...process.argv.slice(2)], {
    stdio: ['inherit', 'inherit', 'pipe', 'pipe', process.stderr.isTTY ? process.stderr : 'ignore'],
    env: {
      ...process.env,
      LLM_CANARY_MAX_HEAP_MB: String(heapMb),
      LLM_CANARY_LAUNCHED: '1',
      LLM_CANARY_EXIT_FD: '3',
      LLM_CANARY_PROGRESS_FD: '4',
    },
  })
  let declared = ''
  child.stdio[3].setEncoding('utf8').on('data', (text) => {
    declared += text
  })
  const stderr = forwardStderr(child.stdio[2])
  const forwarded = new Set()
  for (const signal of FORWARDED) {
    process.on(signal, () => {
      forwarded.add(signal)
      child.kill(signal)
    })
  }
  child.on('error', (err) => {
    fail('INTERNAL', `cannot start the llm-canary CLI: ${err.message} (exit 2)`)
    process.exitCode = ExitCode.Usage
  })
  child.on('close', (code, signal) => {
    if (signal !== null && forwarded.has(signal)) {
      process.kill(process.pid, signal)
      return
    }
    const declaredCode = Number.parseInt(declared, 10)
    if (signal === null && declared !== '' && declaredCode === code) {
      process.exitCode = code
      return
    }
    fail(...describeDeath(code, signal, stderr.fatal, heapMb))
    process.exitCode = ExitCode.Usage
  })
}

/** Passes the child's stderr through line by line (the CLI writes whole lines), keeping V8's fatal-error dump back. */
function forwardStderr(stream) {
  const state = { fatal: '', held: '' }
  let pending = ''
  stream.setEncoding('utf8')
  stream.on('data', (text) => {
    pending += text
    let end = pending.indexOf('\n')
    while (end >= 0) {
      passLine(pending.slice(0, end + 1), state)
      pending = pending.slice(end + 1)
      end = pending.indexOf('\n')
    }
  })
  stream.on('end', () => {
    if (pending !== '') passLine(pending, state)
    if (state.fatal === '') process.stderr.write(state.held)
  })
  return state
}

function passLine(line, state) {
  if (state.fatal !== '' || V8_FATAL.test(line.trimStart())) {
    if (state.fatal.length < 8192) state.fatal += line
    return
  }
  // V8's dump starts with a blank line: a blank line waits to see what follows it.
  if (line.trim() === '') {
    state.held += line
    return
  }
  process.stderr.write(state.held + line)
  state.held = ''
}

/**
 * Reports an error the CLI could not report itself: an `error: …` line on stderr and, when the command line
 * asks for JSON, the JSON error document on stdout.
 */
function fail(code, message) {
  process.stderr.write(`error: ${message}\n`)
  if (jsonOutputRequested(process.argv.slice(2))) process.stdout.write(formatJsonError(code, message))
}

/** The one line that replaces a death, with its code: what happened, that there is no verdict, what to do. */
function describeDeath(code, signal, fatal, heapMb) {
  if (
    OUT_OF_MEMORY.test(fatal) ||
    signal === 'SIGABRT' ||
    signal === 'SIGTRAP' ||
    code === 134 ||
    code === 133
  ) {
    return [
      'MEMORY_LIMIT',
      `llm-canary ran out of memory (its heap limit is ${heapMb} MB): no verdict (exit 2). ` +
        `Raise the limit with LLM_CANARY_MAX_HEAP_MB=${heapMb * 2}, narrow the window with --since, ` +
        'or split the traces; one session takes about 1 KB, so 1,000 MB holds about a million sessions',
    ]
  }
  const how = signal === null ? `with code ${code}` : `on signal ${signal}`
  return [
    'INTERNAL',
    `llm-canary stopped unexpectedly ${how} before it gave a result: no verdict (exit 2). ` +
      'This is a bug in llm-canary: please report it with the command you ran (LLM_CANARY_DEBUG=1 shows more)',
  ]
}
