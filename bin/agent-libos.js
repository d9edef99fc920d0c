#!/usr/bin/env node
// The agent-libos command: runs the compiled CLI entry point (Ctrl-C and SIGTERM handled there).
import '../dist/cli/run.js';
