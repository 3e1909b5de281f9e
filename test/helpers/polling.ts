/**
 * Drives the Kustomer Polling Trigger the way n8n does, in-process, against a fake Kustomer
 * search (nock, answering from the sandbox's own store and search).
 *
 * n8n runs a poll node with n8n-core's PollContext: once when the workflow is activated (its
 * errors fail the activation), then on schedule. The Workflow, and with it the static data,
 * lives in memory for as long as the workflow is active; n8n writes static data to the
 * database after the activation and whenever a poll emits items, never after a poll that
 * found nothing. A restart loads the stored copy again. This class models exactly that.
 */
import { PollContext } from 'n8n-core';
import type { IDataObject, INode, INodeExecutionData, INodeParameters, Workflow, WorkflowActivateMode } from 'n8n-workflow';

import { search, Store } from '../../sandbox/store';
import type { SandboxRecord } from '../../sandbox/store';
import { additionalData, buildWorkflow, loadPackage, PACKAGE_NAME, TEST_CREDENTIALS, TestCredentialsHelper } from './harness';
import { kustomerApi, resetApi } from './kustomer';
import { clock } from './virtualClock';
import { KUSTOMER_CREDENTIAL_REF } from './workflows';

export const POLLING_TRIGGER_NODE = `${PACKAGE_NAME}.kustomerPollingTrigger`;

/** The virtual clock's start (each test gets a fresh clock there), and ISO times `seconds` from it. */
export const T0 = Date.UTC(2026, 10, 22, 12, 0, 0);
export const iso = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();
const SEARCH_MAX_PAGES = 100;

export function pollingNode(parameters: INodeParameters, name = 'Kustomer Polling Trigger', typeVersion = 1): INode {
	return {
		id: 'node-polling',
		name,
		type: POLLING_TRIGGER_NODE,
		typeVersion,
		position: [0, 0],
		parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, ...parameters },
		credentials: KUSTOMER_CREDENTIAL_REF,
	};
}

function copy<T>(value: T): T {
	return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * Kustomer's search over a sandbox store: criteria and sort as the sandbox evaluates them,
 * pages of `pageSize`, `meta.total`, and the cap of 100 pages (page 100 still links a next).
 */
export class FakeKustomer {
	readonly store = new Store({ seed: false });

	constructor() {
		// The sandbox org's custom object types (its other seed records would only get in the way).
		for (const name of ['order', 'subscription']) this.store.insert('klasses', { name, displayName: name, status: 'enabled', mixins: [] });
	}
	/** Whether search answers carry meta.total (Kustomer documents it; the trigger copes without). */
	withTotal = true;
	/** How far Kustomer's clock (its Date header, and what it stamps) is ahead of n8n's. */
	clockOffsetMs = 0;
	/** Runs before each search is answered: a test changes records between two pages here. */
	beforeSearch?: (page: number, body: IDataObject) => void;
	/** Records left out of the next page read that would hold them (counted in meta.total all the same). */
	readonly missingOnce = new Set<string>();
	/** A conversation's message list answering this status instead. */
	readonly messageListStatus = new Map<string, number>();
	/** The status GET /v1/klasses answers instead of the org's types (403: a key without klass.read). */
	klassListStatus?: number;
	/**
	 * The last search's results, reused for its next pages while no record was added or changed
	 * (add and change count as edits): searching 10,000 records again for each page cost most of
	 * a polling test's CPU. A record changed between two pages is searched for again.
	 */
	private edits = 0;
	private lastSearch?: { key: string; answer: ReturnType<typeof search> };

	/** Kustomer's now, as its Date header says it (whole seconds, as HTTP dates are). */
	date(): string {
		return new Date(clock.now() + this.clockOffsetMs).toUTCString();
	}

	/** Adds a record with the given attributes (timestamps included) as they are. */
	add(collection: string, attributes: IDataObject, relationships: SandboxRecord['relationships'] = {}): SandboxRecord {
		const record = this.store.insert(collection, {}, relationships);
		record.attributes = { ...copy(attributes) };
		this.edits++;
		return record;
	}

	/** Changes a record's attributes in place (no bookkeeping added). */
	change(collection: string, id: string, attributes: IDataObject): void {
		Object.assign(this.store.get(collection, id)!.attributes, copy(attributes));
		this.edits++;
	}

	private searched(body: IDataObject): ReturnType<typeof search> {
		const key = JSON.stringify([this.edits, body]);
		if (this.lastSearch?.key !== key) this.lastSearch = { key, answer: search(this.store, body) };
		return this.lastSearch.answer;
	}

	/**
	 * Deletes a record `seconds` from T0 as the sandbox does (store.remove under the store's
	 * deletionStamp reading: search keeps it with includeDeleted), its stamps at that instant.
	 */
	remove(collection: string, id: string, seconds: number): void {
		this.store.remove(collection, id);
		const { tombstones } = this.store as unknown as { tombstones: Map<string, { record: SandboxRecord }> };
		const attributes = tombstones.get(id)!.record.attributes;
		const stamp = attributes.deletedAt;
		for (const name of Object.keys(attributes)) if (attributes[name] === stamp) attributes[name] = iso(seconds);
	}

	private searchPage(uri: string, body: IDataObject): [number, IDataObject] {
		const url = new URL(uri, 'https://x');
		const page = Number(url.searchParams.get('page')) || 1;
		const pageSize = Number(url.searchParams.get('pageSize')) || 100;
		if (page > SEARCH_MAX_PAGES) return [400, { errors: [{ status: '400', title: 'Bad Request', detail: 'page must be at most 100' }] }];
		this.beforeSearch?.(page, body);
		const { collection, results } = this.searched(body);
		let slice = results.slice((page - 1) * pageSize, page * pageSize);
		// Counting (a page of one) is not reading: only a page that returns records misses one.
		const missing = pageSize > 1 ? slice.filter((record) => this.missingOnce.delete(record.id)) : [];
		if (missing.length) slice = slice.filter((record) => !missing.includes(record));
		const more = results.length > page * pageSize;
		const meta: IDataObject = { page, pageSize };
		if (this.withTotal) Object.assign(meta, { total: results.length, totalPages: Math.ceil(results.length / pageSize) });
		const next = more ? `/v1/customers/search?page=${page + 1}&pageSize=${pageSize}` : null;
		return [200, { data: slice.map((record) => this.store.render(collection, record)), meta, links: { next } }];
	}

	/** Answers searches and conversation message lists until the test ends (resetApi). */
	serve(): void {
		kustomerApi()
			.persist()
			.post('/v1/customers/search')
			.query(true)
			.reply((uri, body) => [...this.searchPage(uri, body as IDataObject), { Date: this.date() }]);
		kustomerApi()
			.persist()
			.get(/^\/v1\/conversations\/[0-9a-f]{24}\/messages/)
			.reply((uri) => {
				const id = /conversations\/([0-9a-f]{24})/.exec(uri)![1];
				const status = this.messageListStatus.get(id);
				if (status) return [status, { errors: [{ status: String(status), title: status === 404 ? 'Not Found' : 'Forbidden' }] }, { Date: this.date() }];
				const messages = this.store.list('messages').filter((message) => message.relationships.conversation?.id === id);
				return [200, { data: messages.map((record) => this.store.render('messages', record)), links: { next: null } }, { Date: this.date() }];
			});
		// The org's custom object types (the sandbox's: order, subscription), which a custom-object event checks its type against.
		kustomerApi()
			.persist()
			.get('/v1/klasses')
			.query(true)
			.reply(() =>
				this.klassListStatus
					? [this.klassListStatus, { errors: [{ status: String(this.klassListStatus), title: 'Forbidden' }] }, { Date: this.date() }]
					: [200, { data: this.store.list('klasses').map((record) => this.store.render('klasses', record)), links: { next: null } }, { Date: this.date() }],
			);
	}
}

/** One polling trigger in one active workflow, polled as n8n polls it. */
export class PollingTriggerUnderTest {
	/** The workflow's static data as n8n's database holds it. */
	stored: IDataObject;
	private workflow?: Workflow;
	/** Every batch of items a poll emitted (each one starts an execution in n8n). */
	readonly emitted: INodeExecutionData[][] = [];

	constructor(
		readonly node: INode,
		staticData: IDataObject = {},
		private readonly timezone = 'UTC',
	) {
		this.stored = copy(staticData);
	}

	/** The node's stored static data. */
	get state(): IDataObject {
		return (this.stored[`node:${this.node.name}`] as IDataObject | undefined) ?? {};
	}

	private async context(workflow: Workflow, mode: 'trigger' | 'manual', activation: WorkflowActivateMode): Promise<PollContext> {
		const { credentialTypes } = await loadPackage();
		const data = additionalData(new TestCredentialsHelper(credentialTypes, { kustomerApi: TEST_CREDENTIALS }));
		return new PollContext(workflow, this.node, data, mode, activation);
	}

	private save(workflow: Workflow): void {
		const staticData = workflow.staticData as IDataObject;
		if (staticData.__dataChanged === true) {
			this.stored = copy(staticData);
			staticData.__dataChanged = false;
		}
	}

	private async runPoll(activation: WorkflowActivateMode): Promise<INodeExecutionData[][] | null> {
		const { nodeTypes } = await loadPackage();
		const nodeType = nodeTypes.getByNameAndVersion(this.node.type, this.node.typeVersion);
		const result = await nodeType.poll!.call(await this.context(this.workflow!, 'trigger', activation));
		if (result !== null) {
			this.emitted.push(result[0]);
			this.save(this.workflow!);
		}
		return result;
	}

	/** Activation (or n8n starting up with the workflow active): a poll, then static data is saved. */
	async activate(activation: WorkflowActivateMode = 'activate'): Promise<INodeExecutionData[] | null> {
		this.workflow = await buildWorkflow({ nodes: [this.node], connections: {} }, copy(this.stored));
		(this.workflow as { timezone: string }).timezone = this.timezone;
		try {
			return (await this.runPoll(activation))?.[0] ?? null;
		} finally {
			this.save(this.workflow);
		}
	}

	/** A scheduled poll of the active workflow. */
	async tick(): Promise<INodeExecutionData[] | null> {
		if (!this.workflow) throw new Error('activate first');
		return (await this.runPoll('update'))?.[0] ?? null;
	}

	/** n8n stops (unsaved static data is lost) and starts again. */
	async restart(): Promise<INodeExecutionData[] | null> {
		this.workflow = undefined;
		return await this.activate('init');
	}

	/** "Fetch Test Event" in the editor: a manual poll on a copy of the static data. */
	async fetchTestEvent(): Promise<INodeExecutionData[][] | null> {
		const { nodeTypes } = await loadPackage();
		const workflow = await buildWorkflow({ nodes: [this.node], connections: {} }, copy(this.stored));
		return await nodeTypes.getByNameAndVersion(this.node.type, 1).poll!.call(await this.context(workflow, 'manual', 'manual'));
	}
}

/** Polls once a minute until a poll finds nothing; answers everything reported. */
export async function drain(subject: PollingTriggerUnderTest, polls = 20): Promise<INodeExecutionData[]> {
	const reported: INodeExecutionData[] = [];
	for (let poll = 0; poll < polls; poll++) {
		clock.advance(60_000);
		const items = await subject.tick();
		if (!items) return reported;
		reported.push(...items);
	}
	throw new Error(`still reporting after ${polls} polls`);
}

/**
 * A fresh fake Kustomer per test, serving searches and message lists, and a way to add
 * conversations created (and last updated) `seconds` from T0.
 */
export function usePollingFake() {
	let kustomer: FakeKustomer;
	afterEach(resetApi);
	beforeEach(() => {
		kustomer = new FakeKustomer();
		kustomer.serve();
	});
	const conversation = (name: string, seconds: number, extra: IDataObject = {}) =>
		kustomer.add('conversations', { name, status: 'open', priority: 3, createdAt: iso(seconds), updatedAt: iso(seconds), ...extra });
	return { kustomer: () => kustomer, conversation };
}
