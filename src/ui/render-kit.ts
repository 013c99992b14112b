// What bench/render.js needs to draw the real App, exported from the bundle so the benchmark
// measures the Ink that ships (with its bounded caches), not the one in node_modules.
export { createElement } from 'react';
export { Box, render, Text } from 'ink';
export { App } from './app.js';
export { themeFor } from './theme.js';
export { initialState, reduce } from '../core/model/state.js';
export { Store } from '../core/store.js';
