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

// jest maps each stack frame to its source through source maps, parsing a file's map the first
// time one of its frames shows in a test file (again in every file). n8n-core reads the stack
// of every error a node reports, so parsing the maps of n8n-core's and n8n-workflow's built
// files was about 4 % of the unit suite's CPU (profile, 2026-12-07). Frames inside node_modules
// keep their built position; this project's own frames are mapped to their TypeScript lines.
const mapStack = Error.prepareStackTrace;
if (mapStack) {
	/** A frame source-map-support leaves as it is (it skips native frames) and prints as V8 does. */
	const asBuilt = (frame: NodeJS.CallSite) => ({ isNative: () => true, toString: () => frame.toString() }) as unknown as NodeJS.CallSite;
	Error.prepareStackTrace = (error, frames) =>
		mapStack(error, frames.map((frame) => (frame.getFileName()?.includes('/node_modules/') ? asBuilt(frame) : frame)));
}

// Every workflow runs on virtual time: rate-limit waits and backoff take no real time.
useVirtualClockPerTest();
