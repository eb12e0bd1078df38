// Vitest setup file: after each test file, stop the PostgreSQL cluster it started (if any).
import { afterAll } from 'vitest';
import { stopTestPgCluster } from './postgres';

afterAll(stopTestPgCluster);
