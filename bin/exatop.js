#!/usr/bin/env node
// React's development build keeps a timing record per render: on a monitor left running for
// days that is memory and CPU taken from the host it watches. Set before React loads.
process.env.NODE_ENV ??= 'production';
// `exatop snapshot --json | head`: once the reader is gone there is nobody to tell; end as
// SIGPIPE would, without a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
}
// The bundle (npm run build) starts in a third of the time of tsc's ~600 modules and carries
// Ink with bounded text caches; see bin/build-bundle.js.
const { run } = await import('../dist/bundle/exatop.js');

process.exitCode = await run(process.argv.slice(2));
