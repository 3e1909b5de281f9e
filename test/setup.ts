import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// Before setupAfterEnv imports nock, so that it keeps node:http's own request (see the module).
import './helpers/directHttp';

// n8n-core writes an instance config into the user folder: keep it out of the home directory.
process.env.N8N_USER_FOLDER ??= mkdtempSync(path.join(tmpdir(), 'n8n-kustomer-test-'));
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';
process.env.N8N_LOG_LEVEL = 'silent';
