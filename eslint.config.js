// Import boundaries from DESIGN.md §1. DO NOT RELAX: they keep each runtime honest.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

/** What the renderer may never import (it is DOM-only; DESIGN.md §1), and why. */
const RENDERER_FORBIDDEN = [
  'node:*',
  'fs',
  'path',
  'child_process',
  'worker_threads',
  'electron',
  'better-sqlite3',
  'socket.io',
  '**/main/**',
  '**/hub/**',
  '**/cli/**',
];
const RENDERER_MESSAGE = 'The renderer is DOM-only and reaches main through services/api.ts (DESIGN.md §1).';

const restrict = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
});

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-artifacts/**', '.scratch/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
      // `import { z } from 'zod'` keeps the whole of zod (locales and all: 454 KB against 85 KB
      // minified); the namespace import lets the bundlers drop what is not used.
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportDeclaration[source.value='zod'] > ImportSpecifier[imported.name='z']",
          message: "Import zod as `import * as z from 'zod'` so bundles carry only what is used.",
        },
      ],
    },
  },
  // Node scripts and configs.
  {
    files: ['scripts/**/*.{js,mjs}', '*.config.{js,ts}', 'src/main/**/*.mjs'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  // shared: pure TypeScript that runs anywhere. No Node, DOM-only, Electron or React.
  {
    files: ['src/shared/**/*.ts'],
    rules: restrict(
      [
        'node:*',
        'fs',
        'path',
        'os',
        'child_process',
        'worker_threads',
        'electron',
        'better-sqlite3',
        'react',
        'react-dom',
        'maplibre-gl',
        'socket.io',
        'socket.io-client',
        'zustand',
        '**/main/**',
        '**/renderer/**',
        '**/hub/**',
        '**/cli/**',
      ],
      'src/shared must stay platform-free (DESIGN.md §1).',
    ),
  },
  // main: the Node desktop process. Never renderer or hub; 'electron' only inside src/main/electron;
  // better-sqlite3 only inside src/main/db (the store) and src/main/mappacks/mbtiles.ts (read-only
  // MBTiles files, opened only in the map-pack worker thread).
  {
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/electron/**', 'src/main/db/**', 'src/main/sync/**', 'src/main/mappacks/mbtiles.ts'],
    rules: restrict(
      [
        'electron',
        'better-sqlite3',
        'socket.io-client',
        '**/renderer/**',
        '**/hub/**',
        'react',
        'react-dom',
        'maplibre-gl',
      ],
      'Only src/main/electron imports electron, only src/main/db opens SQLite (and mappacks/mbtiles.ts, read-only MBTiles), only src/main/sync uses socket.io-client; main never imports renderer or hub (DESIGN.md §1).',
    ),
  },
  // The MBTiles reader: better-sqlite3 (read-only files) and nothing else of main, so the store's
  // connection rules cannot leak into it and it cannot reach the store.
  {
    files: ['src/main/mappacks/mbtiles.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!better-sqlite3$)',
              message:
                'src/main/mappacks/mbtiles.ts opens MBTiles files read-only with better-sqlite3 and imports nothing else.',
            },
          ],
        },
      ],
    },
  },
  // Map packs: what runs on the main thread never opens an MBTiles file (only the map-pack worker does:
  // worker.ts serves tiles, tileMeta.ts checks a new pack's file in the import worker).
  {
    files: ['src/main/mappacks/**/*.ts'],
    ignores: ['src/main/mappacks/mbtiles.ts', 'src/main/mappacks/worker.ts', 'src/main/mappacks/tileMeta.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'electron',
                'better-sqlite3',
                'socket.io-client',
                '**/renderer/**',
                '**/hub/**',
                'react',
                'react-dom',
                'maplibre-gl',
              ],
              message:
                'Only src/main/electron imports electron, only src/main/db opens SQLite (and mappacks/mbtiles.ts, read-only MBTiles), only src/main/sync uses socket.io-client; main never imports renderer or hub (DESIGN.md §1).',
            },
            {
              regex: '^\\./mbtiles$',
              message:
                'MBTiles files are opened only in the map-pack worker thread (worker.ts, tileMeta.ts); the main thread asks the tile worker (tiles.ts).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/main/sync/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'electron',
                'better-sqlite3',
                '**/renderer/**',
                '**/hub/**',
                'react',
                'react-dom',
                'maplibre-gl',
                '**/web/**',
              ],
              message:
                'src/main/sync talks to the hub and to the store through its client, nothing else (DESIGN.md §1).',
            },
            {
              regex: '/db/(?!client$)',
              message:
                'src/main/sync reaches the store only through db/client (the store worker owns the connection).',
            },
          ],
        },
      ],
    },
  },
  // cli: command-line tools over src/shared (and Node). Never main, renderer or hub.
  {
    files: ['src/cli/**/*.ts'],
    rules: restrict(
      [
        'electron',
        'better-sqlite3',
        'socket.io',
        'socket.io-client',
        'react',
        'react-dom',
        'maplibre-gl',
        '**/main/**',
        '**/renderer/**',
        '**/hub/**',
      ],
      'src/cli works over src/shared only (DESIGN.md §1).',
    ),
  },
  {
    files: ['src/main/db/**/*.ts'],
    rules: restrict(
      ['electron', '**/renderer/**', '**/hub/**', 'react', 'react-dom', 'socket.io-client'],
      'src/main/db holds storage only (DESIGN.md §1).',
    ),
  },
  {
    files: ['src/main/db/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', '**/renderer/**', '**/hub/**', 'react', 'react-dom', 'socket.io-client'],
              message: 'src/main/db holds storage only (DESIGN.md §1).',
            },
            {
              regex: '^(\\.\\./)+(services|sync|web|app|electron)/',
              message:
                'src/main/db holds storage only: it never imports main’s services, sync, web, app or electron code.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/main/electron/**/*.ts'],
    rules: restrict(
      ['better-sqlite3', '**/renderer/**', '**/hub/**', 'react', 'react-dom', '**/web/**'],
      'Only src/main/db opens SQLite; main never imports renderer or hub (DESIGN.md §1).',
    ),
  },
  // The sandboxed preload: electron and the zod-free channel names, nothing else (it stays a few KB).
  {
    files: ['src/main/electron/preload.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!electron$|\\.\\./\\.\\./shared/ipc/channels$)',
              message:
                'The preload imports only electron and shared/ipc/channels (no schemas: it must stay small).',
            },
          ],
        },
      ],
    },
  },
  // renderer: React and DOM; talks to main only through services/api.ts and the shared contract.
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    rules: restrict(RENDERER_FORBIDDEN, RENDERER_MESSAGE),
  },
  // Inside the renderer: socket.io-client only in services/api.ts (the one transport).
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    ignores: ['src/renderer/services/api.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...RENDERER_FORBIDDEN, 'socket.io-client'],
              message: RENDERER_MESSAGE,
            },
          ],
        },
      ],
      // The preload's bridge is the transport's business: only services/api.ts touches it.
      'no-restricted-properties': [
        'error',
        { object: 'window', property: 'jinying', message: 'Use services/api.ts, the one transport.' },
      ],
    },
  },
  // Features do not import each other: shared view helpers live in model/ and ui/, and the screens
  // that put several features together (the incident panel, the details, the layer panel) in app/.
  {
    files: ['src/renderer/features/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...RENDERER_FORBIDDEN, 'socket.io-client'],
              message: RENDERER_MESSAGE,
            },
            {
              regex: '^\\.\\./(?!\\.)',
              message:
                'A feature does not import another feature: move what both need to model/ or ui/, or compose them in app/.',
            },
          ],
        },
      ],
    },
  },
  // hub: its own process. Never main, renderer or electron.
  {
    files: ['src/hub/**/*.ts'],
    rules: restrict(
      ['electron', '**/main/**', '**/renderer/**', 'react', 'react-dom', 'maplibre-gl', 'socket.io-client'],
      'The hub is its own process and imports only shared code (DESIGN.md §1).',
    ),
  },
);
