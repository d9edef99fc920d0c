// `npm run smoke -- --model …`: three short real tasks against a real model (never part of npm test).
import { runSmoke } from './run-smoke.js';

process.exitCode = await runSmoke(process.argv.slice(2), {
  env: process.env,
  out: (text) => {
    process.stdout.write(text);
  },
});
