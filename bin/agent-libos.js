#!/usr/bin/env node
// The agent-libos command: runs the compiled CLI entry point.
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv);
