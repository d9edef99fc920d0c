#!/usr/bin/env node
// The agent-libos command: runs the CLI's bundle, src/cli/run.ts built by scripts/build-cli.js
// (Ctrl-C and SIGTERM handled there). dist/ beside it is the library build; the bundle loads as a
// few files where dist/cli/run.js would load ~1,170 modules one at a time.
import '../dist/cli-bundle/run.js';
