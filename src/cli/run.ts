// Runs the CLI from source (`node --import tsx src/cli/run.ts …`), as bin/agent-libos.js does from dist.
import { main } from './main.js';

process.exitCode = await main(process.argv);
