// Lint that keeps the layers (README "Architecture"): core is pure, io is the only door to the
// world, the UI sees core and its ports, nothing imports in a circle.
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/** Node modules that reach outside the process: only io/ (and the commands' own argv/stdio) use them. */
const IO_MODULES = [
  'fs', 'fs/promises', 'child_process', 'net', 'http', 'https', 'http2', 'dgram', 'dns', 'dns/promises', 'tls',
  'readline', 'readline/promises', 'os', 'worker_threads', 'cluster', 'inspector', 'v8', 'vm', 'module',
].flatMap((name) => [name, `node:${name}`]);
const IO_PACKAGES = ['execa', 'pidusage'];

const restrictIo = (why) => ({
  paths: [...IO_MODULES, ...IO_PACKAGES].map((name) => ({ name, message: why })),
});

/** Each layer and the folders it must not import (README "Architecture"). */
const FORBIDDEN = {
  core: ['io', 'session', 'ui', 'commands', 'build'],
  io: ['session', 'ui', 'commands', 'build'],
  session: ['ui', 'commands', 'build'],
  ui: ['io', 'session', 'commands', 'build'],
};
const ALLOWED = { core: 'core/', io: 'core/', session: 'core/ and io/', ui: 'core/ and its ports (take the rest through a port)' };
const LAYER_ZONES = Object.entries(FORBIDDEN).flatMap(([layer, folders]) =>
  folders.map((folder) => ({
    target: `./src/${layer}`,
    from: `./src/${folder}`,
    message: `${layer}/ imports ${ALLOWED[layer]} only`,
  })),
);

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.lab/**', 'bench/results/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly',
        clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly',
        clearImmediate: 'readonly', queueMicrotask: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly',
        TextDecoder: 'readonly', TextEncoder: 'readonly', structuredClone: 'readonly', performance: 'readonly',
        NodeJS: 'readonly', globalThis: 'readonly', fetch: 'readonly', global: 'readonly',
      },
    },
    plugins: { 'import-x': importX, 'react-hooks': reactHooks },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver': undefined,
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-duplicates': 'error',
      // bench/, bin/ and test helpers run the build's output, which lint does not need to exist
      'import-x/no-unresolved': ['error', { ignore: ['^(\\.\\./)+dist/'] }],
      // ANSI escapes and NUL-separated /proc text are what exatop parses
      'no-control-regex': 'off',
      'import-x/no-restricted-paths': ['error', { zones: LAYER_ZONES }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
    },
  },
  {
    files: ['src/core/**'],
    rules: {
      'no-restricted-imports': ['error', restrictIo('core/ is pure: no I/O; io/ reads, core/ parses')],
      'no-restricted-globals': [
        'error',
        ...['setTimeout', 'setInterval', 'setImmediate', 'fetch', 'process'].map((name) => ({
          name,
          message: 'core/ is pure: no timers, no process; the caller passes time and environment in',
        })),
      ],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'core/ is pure: take `now` as an argument' }],
    },
  },
  {
    files: ['src/session/**', 'src/ui/**'],
    rules: { 'no-restricted-imports': ['error', restrictIo('only io/ touches the world: add or use a function there')] },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['test/**'],
    // tests break documents on purpose to see the parser refuse them
    rules: { '@typescript-eslint/no-explicit-any': 'off', 'no-regex-spaces': 'off' },
  },
);
