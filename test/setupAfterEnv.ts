import { rmSync } from 'node:fs';

import nock from 'nock';

import { useVirtualClockPerTest } from './helpers/virtualClock';

// Jest gives every test file its own nock instance while the HTTP patch it installs is global:
// each file activates its own and restores it at the end, so the next file's nock takes over.
beforeAll(() => {
	if (!nock.isActive()) nock.activate();
	nock.disableNetConnect();
});

afterAll(() => {
	nock.cleanAll();
	nock.enableNetConnect();
	nock.restore();
	// setup.ts made this file's n8n user folder.
	if (process.env.N8N_USER_FOLDER?.includes('n8n-kustomer-test-')) rmSync(process.env.N8N_USER_FOLDER, { recursive: true, force: true });
});

// Every workflow runs on virtual time: rate-limit waits and backoff take no real time.
useVirtualClockPerTest();
