#!/usr/bin/env node
// Thin launcher so the bin exists before the first build; the CLI itself is dist/cli/bin.js.
import '../dist/cli/bin.js'
