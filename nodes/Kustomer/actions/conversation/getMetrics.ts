import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { RecordRef } from '../../shared/locators';
import { ROLES } from '../../shared/roles';
import type { JsonApiDocument, JsonApiResource, KustomerClient } from '../../transport';
import { errorForItem, getAllPages, recordsOf } from '../../transport';
import { resolveOnce } from '../batch';
import { fetchRecord, lookupKey } from '../lookups';
import type { ItemFailures, PreparedItem } from '../types';
import { defineOperation } from '../types';
import { handleTimeRows, idGroups, metricsRow, slaIdOf, slaPolicyOf } from './metrics';
import { CONVERSATION, conversationLocator } from './record';

const conversationField = conversationLocator('The conversation whose times to read: pick one, or give an ID, app link or external ID');

const description: INodeProperties[] = [
	conversationField.property,
	{
		displayName: 'Options',
		name: 'metricsOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Include Handle Times',
				name: 'handleTimes',
				type: 'boolean',
				default: true,
				description:
					"Whether to read the conversation's handle-time records (agents' time on it, in seconds) and their total: one more request per conversation",
			},
			{
				displayName: 'Include SLA Policy',
				name: 'slaPolicy',
				type: 'boolean',
				default: true,
				description:
					"Whether to read the SLA policy a conversation matched (its name and targets per priority), once per policy for all items: needs the key's SLA read role (org.permission.sla.read)",
			},
		],
	},
];

interface Input {
	conversation: RecordRef;
	conversationId?: string;
	handleTimes: boolean;
	slaPolicy: boolean;
	/** Read by the batch step: the conversation record, and the policy of its SLA. */
	record?: JsonApiResource;
	policy?: IDataObject;
}

/** The conversations of one comma-separated GET, by lower-case ID. A 404 (one ID unknown) asks for each alone, so only that item fails. */
async function readGroup(client: KustomerClient, ids: string[], itemIndex: number): Promise<Map<string, JsonApiResource | Error>> {
	const found = new Map<string, JsonApiResource | Error>();
	const read = async (group: string[]) => {
		const document = await client.request<JsonApiDocument>({ method: 'GET', path: `/v1/conversations/${group.join(',')}`, itemIndex, roles: ROLES.conversationRead, notFoundMessage: `No Kustomer conversation with ID ${group[0]}` });
		for (const record of recordsOf(document)) if (record?.id) found.set(record.id.toLowerCase(), record);
	};
	try {
		await read(ids);
	} catch (error) {
		if (ids.length === 1 || (error as { httpCode?: string }).httpCode !== '404') throw errorForItem(client.node, error, itemIndex);
		await Promise.all(ids.map(async (id) => await read([id]).catch((failure: Error) => found.set(id, failure))));
	}
	return found;
}

/**
 * The items with their conversation's ID, and the record itself where a lookup (by External ID)
 * answered it, each looked up once for all the items naming it: such a record is not read again.
 */
async function withLookedUpRecords(client: KustomerClient, items: ReadonlyArray<PreparedItem<Input>>, failures: ItemFailures): Promise<Array<PreparedItem<Input>>> {
	const keyOf = (input: Input) => lookupKey(input.conversation);
	const looked = await resolveOnce(client, items, keyOf, async (input, itemIndex) => await fetchRecord(client, CONVERSATION, input.conversation, itemIndex), failures);
	return items.map((item) => {
		const { conversation } = item.input;
		const record = looked.get(keyOf(item.input) ?? '');
		return { ...item, input: { ...item.input, record, conversationId: record?.id ?? (conversation.by === 'id' ? conversation.id : undefined) } };
	});
}

/** Every item's conversation record not yet read, `CONVERSATIONS_PER_REQUEST` at a time; failures per item. */
async function readConversations(client: KustomerClient, items: ReadonlyArray<PreparedItem<Input>>, failures: ItemFailures): Promise<Map<string, JsonApiResource | Error>> {
	const pending = items.filter(({ itemIndex, input }) => !failures.has(itemIndex) && input.conversationId && !input.record);
	const byId = new Map<string, JsonApiResource | Error>();
	await Promise.all(
		idGroups(pending.map(({ input }) => input.conversationId as string)).map(async (group) => {
			const first = pending.find(({ input }) => group.includes((input.conversationId as string).toLowerCase()))?.itemIndex ?? 0;
			try {
				for (const [id, record] of await readGroup(client, group, first)) byId.set(id, record);
			} catch (error) {
				for (const id of group) byId.set(id, error as Error);
			}
		}),
	);
	return byId;
}

/** The SLA policies the items' conversations matched, each read once (GET /v1/slas/{id}, role org.permission.sla.read). */
async function readPolicies(client: KustomerClient, items: Array<PreparedItem<Input>>, failures: ItemFailures): Promise<Map<string, IDataObject | undefined>> {
	const wanted = items.filter(({ itemIndex, input }) => input.slaPolicy && input.record && !failures.has(itemIndex));
	return await resolveOnce(
		client,
		wanted,
		(input) => (input.record ? slaIdOf(input.record) : undefined),
		async (input, itemIndex) => {
			const id = slaIdOf(input.record as JsonApiResource) as string;
			const document = await client.request<IDataObject>({ method: 'GET', path: `/v1/slas/${id}`, itemIndex, roles: ROLES.slaRead, notFoundMessage: `No Kustomer SLA with ID ${id}` });
			return slaPolicyOf(document, (input.record?.attributes?.sla as IDataObject | undefined)?.slaVersion ?? (input.record?.attributes?.sla as IDataObject | undefined)?.version);
		},
		failures,
	);
}

export const getConversationMetrics = defineOperation<Input>({
	option: {
		name: 'Get Metrics',
		value: 'getMetrics',
		action: "Get a conversation's metrics",
		description: "Get a conversation's response and resolution times, SLA status and handle times",
	},
	roles: ROLES.conversationRead,
	effect: 'read',
	idempotent: true,
	docs: { moreRoles: '+ `org.permission.sla.read` for Include SLA Policy (on by default)' },
	description,
	prepare(this: IExecuteFunctions, itemIndex) {
		const options = this.getNodeParameter('metricsOptions', itemIndex, {}) as IDataObject;
		return {
			conversation: conversationField.read(this, itemIndex),
			handleTimes: options.handleTimes !== false,
			slaPolicy: options.slaPolicy !== false,
		};
	},
	async batch(client, items) {
		const failures: ItemFailures = new Map();
		const withIds = await withLookedUpRecords(client, items, failures);
		const records = await readConversations(client, withIds, failures);
		const withRecords = withIds.map((item) => {
			if (item.input.record) return item;
			const found = records.get((item.input.conversationId ?? '').toLowerCase());
			if (found instanceof Error) failures.set(item.itemIndex, errorForItem(client.node, found, item.itemIndex));
			return found instanceof Error ? item : { ...item, input: { ...item.input, record: found } };
		});
		const policies = await readPolicies(client, withRecords, failures);
		const inputs = new Map(withRecords.map(({ itemIndex, input }) => [itemIndex, { ...input, policy: input.record ? policies.get(slaIdOf(input.record) ?? '') : undefined }]));
		return { inputs, failures };
	},
	async execute(client, input, itemIndex) {
		const id = input.conversationId as string;
		// A conversation the list left out (an unknown ID, under Kustomer's undocumented reading) is read alone: its 404 names it.
		const record = input.record ?? (await fetchRecord(client, CONVERSATION, { by: 'id', id }, itemIndex));
		// GET /v1/conversations/{id}/times: the conversation_time records (OpenAPI; paged like every list).
		const times = input.handleTimes ? handleTimeRows(await getAllPages(client, { path: `/v1/conversations/${id}/times`, itemIndex, roles: ROLES.conversationRead, notFoundMessage: `No Kustomer conversation with ID ${id}` })) : undefined;
		return [{ json: metricsRow(record, input.policy, times) }];
	},
});
