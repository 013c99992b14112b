#!/usr/bin/env node
// React's development build keeps a timing record per render: on a monitor left running for
// days that is memory and CPU taken from the host it watches. Set before React loads.
process.env.NODE_ENV ??= 'production';
const { run } = await import('../dist/cli.js');

process.exitCode = await run(process.argv.slice(2));
