#!/usr/bin/env node
// Writes dist/man/exatop.1 (package.json "man") from the usage texts --help prints.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { commandHelp, USAGE } from '../dist/cli.js';
import { packageVersion } from '../dist/commands/common.js';
import { manPage } from '../dist/commands/man-page.js';
import { EXIT_TABLE } from '../dist/core/exit-codes.js';

const dir = fileURLToPath(new URL('../dist/man/', import.meta.url));
await mkdir(dir, { recursive: true });
const page = manPage({ version: packageVersion(), mainUsage: USAGE, commands: await commandHelp(), exitCodes: EXIT_TABLE });
await writeFile(`${dir}exatop.1.tmp`, page);
await rename(`${dir}exatop.1.tmp`, `${dir}exatop.1`);
