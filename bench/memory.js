#!/usr/bin/env node
/**
 * Attachments and memory in a real n8n (the pinned 2.x, binary data in its filesystem store):
 * 32 items, each with a 20 MB file read from disk by n8n's Read/Write Files node, through
 * Message → Create with Max Parallel Requests 32, against the sandbox's file storage. Four runs,
 * each measuring the n8n process's peak resident memory:
 *   - 1 KB files (n8n itself);
 *   - the 20 MB files read but not attached (what n8n's Read node and binary store cost);
 *   - the 20 MB files attached with Max Parallel Requests 1 (the node holding one file);
 *   - the 20 MB files attached with Max Parallel Requests 32.
 *
 *   node bench/memory.js [--items 32] [--file-mb 20]
 *
 * Target: whatever Max Parallel Requests says, the node holds each file once and at most 4 at a
 * time (shared/attachments.ts, FILES_IN_MEMORY), so 32 at once costs at most 3 files more than 1
 * at a time, each with the stream chunks it was read from still awaiting the garbage collector:
 * within 6 files' size of the 1-at-a-time run. Before (1fc737f) each file was held twice, all 32
 * at once: 1,716 MB against 555 MB one at a time.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');

const { argument, kustomerNode, manualTrigger, report, runWorkflow, sandboxEnvironment, tearDown } = require('./common');
const { SEED_IDS } = require('../sandbox/store');

const ITEMS = argument('items', 32);
const FILE_MB = argument('file-mb', 20);
const MB = 1024 * 1024;
/** Files' size that 32 at once may cost over 1 at a time: 3 more held, each with its read's chunks. */
const TARGET_FILES = 6;

/** Message → Create with the item's file attached, Max Parallel Requests `parallel`. */
function attachNode(conversationId, parallel) {
	const parameters = {
		resource: 'message',
		operation: 'create',
		conversation: { __rl: true, mode: 'id', value: conversationId },
		channel: 'chat',
		direction: 'in',
		body: 'A file',
		additionalFields: { attachments: 'data' },
		requestOptions: { maxParallelRequests: parallel },
	};
	return kustomerNode('Attach', parameters, [800, 0]);
}

/** Reads the file into each of the items and, unless `parallel` is 0, attaches them. */
function attachWorkflow(id, file, conversationId, parallel) {
	return {
		id,
		name: `bench ${id}`,
		nodes: [
			manualTrigger,
			{
				id: 'bench-paths',
				name: 'Files',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [200, 0],
				parameters: { mode: 'raw', jsonOutput: `={{ { files: Array.from({ length: ${ITEMS} }, () => ({ path: ${JSON.stringify(file)} })) } }}`, options: {} },
			},
			{ id: 'bench-split', name: 'Split', type: 'n8n-nodes-base.splitOut', typeVersion: 1, position: [400, 0], parameters: { fieldToSplitOut: 'files', options: {} } },
			{ id: 'bench-read', name: 'Read', type: 'n8n-nodes-base.readWriteFile', typeVersion: 1, position: [600, 0], parameters: { operation: 'read', fileSelector: '={{ $json.path }}', options: {} } },
			...(parallel ? [attachNode(conversationId, parallel)] : []),
		],
		connections: {
			Start: { main: [[{ node: 'Files', type: 'main', index: 0 }]] },
			Files: { main: [[{ node: 'Split', type: 'main', index: 0 }]] },
			Split: { main: [[{ node: 'Read', type: 'main', index: 0 }]] },
			...(parallel ? { Read: { main: [[{ node: 'Attach', type: 'main', index: 0 }]] } } : {}),
		},
		settings: { executionOrder: 'v1' },
	};
}

async function main() {
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'kustomer-bench-files-'));
	const big = path.join(folder, 'big.pdf');
	const small = path.join(folder, 'small.pdf');
	fs.writeFileSync(big, Buffer.alloc(FILE_MB * MB, 7));
	fs.writeFileSync(small, Buffer.alloc(1024, 7));
	// n8n 2.x reads files only from allowed folders; binary data goes to its filesystem store, not the items.
	process.env.N8N_RESTRICT_FILE_ACCESS_TO = folder;
	process.env.N8N_DEFAULT_BINARY_DATA_MODE = 'filesystem';
	const environment = await sandboxEnvironment();
	try {
		const { n8n, sandbox, sandboxUrl } = environment;
		const conversation = sandbox.store.insert('conversations', { name: 'Bench files', status: 'open', channels: ['chat'], messageCount: 0, noteCount: 0 }, { customer: { type: 'customer', id: SEED_IDS.customers.jane } });
		const runOf = async (id, file, parallel = 32) => {
			const run = await runWorkflow(n8n, attachWorkflow(id, file, conversation.id, parallel));
			const error = run.run.data.resultData.error?.message;
			const attached = (run.run.data.resultData.runData.Attach?.[0]?.data?.main?.[0] ?? []).filter((item) => !item.json.error).length;
			return { ...run, error, attached };
		};
		const baseline = await runOf('benchMemSmall001', small);
		const readOnly = await runOf('benchMemReadOnly', big, 0);
		const oneAtATime = await runOf('benchMemSingle01', big, 1);
		await fetch(`${sandboxUrl}/_sandbox/requests`, { method: 'DELETE' });
		const loaded = await runOf('benchMemLarge001', big);
		const { requests } = await (await fetch(`${sandboxUrl}/_sandbox/requests`)).json();
		const uploads = requests.filter((request) => request.path === '/storage/upload');
		const files = (mb) => `${mb.toFixed(0)} MB = ${(mb / FILE_MB).toFixed(1)} files of ${FILE_MB} MB`;
		const describe = (run) => `${run.peakMb.toFixed(0)} MB, ${run.seconds.toFixed(1)} s, ${run.attached} attached${run.error ? `, failed: ${run.error}` : ''}`;
		const overOne = loaded.peakMb - oneAtATime.peakMb;
		report(
			`Attachments: peak memory of n8n, ${ITEMS} items with ${FILE_MB} MB files, Message → Create, binary data in n8n's filesystem store (n8n ${n8n.paths.version})`,
			[
				['1 KB files', describe(baseline)],
				[`${FILE_MB} MB files read, not attached`, `${readOnly.peakMb.toFixed(0)} MB, ${readOnly.seconds.toFixed(1)} s${readOnly.error ? `, failed: ${readOnly.error}` : ''}`],
				[`${FILE_MB} MB files, 1 at a time`, describe(oneAtATime)],
				[`${FILE_MB} MB files, 32 at a time`, describe(loaded)],
				['32 at a time over 1 at a time', files(overOne)],
				['32 at a time over read, not attached', files(loaded.peakMb - readOnly.peakMb)],
				['32 at a time over 1 KB files', files(loaded.peakMb - baseline.peakMb)],
				['uploads to the storage', `${uploads.length}, ${uploads.filter((request) => request.body.bytes >= FILE_MB * MB).length} of them carrying the whole file`],
			],
			[
				[`every item attached (${ITEMS})`, loaded.attached === ITEMS && oneAtATime.attached === ITEMS && !loaded.error],
				[`32 at a time within ${TARGET_FILES} files (${TARGET_FILES * FILE_MB} MB) of 1 at a time`, overOne <= TARGET_FILES * FILE_MB],
			],
		);
	} finally {
		await tearDown(environment);
		fs.rmSync(folder, { recursive: true, force: true });
	}
}

main().catch((error) => {
	process.stderr.write(`${error.stack}\n`);
	process.exit(1);
});
