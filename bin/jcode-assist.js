#!/usr/bin/env node
// The published command: runs the TypeScript CLI through tsx, so `npx jcode-assist` works right after `npm ci`
// with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
process.exitCode = await main(process.argv.slice(2));
