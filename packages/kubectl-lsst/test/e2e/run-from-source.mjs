// Runs the CLI from its TypeScript sources (through tsx), for end-to-end tests that must not
// depend on a fresh bundle: node --import tsx run-from-source.mjs ARGS...
import { main, processIo } from '../../src/main.ts';

process.exitCode = await main(process.argv.slice(2), processIo());
