import { inject } from 'vitest';
import { TEST_SECRET } from './global-setup';

// Runs in each test process before any module reads the configuration.
process.env.DATABASE_URL = inject('databaseUrl');
process.env.AUTH_SECRET = TEST_SECRET;
