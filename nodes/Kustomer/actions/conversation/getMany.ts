import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import {
	alphabetical,
	assignedTeamsField,
	assignedUsersField,
	fieldLabels,
	readChoice,
	optionsOf,
	priorityField,
	queueField,
	returnAllFields,
	simplifyField,
	tagsField,
} from '../../shared/fields';
import type { RecordRef } from '../../shared/locators';
import { ROLES } from '../../shared/roles';
import { anyOfCriterion, criteriaFields, criteriaFromRows, hasCriteria, readCriteriaRows, MAX_CRITERIA, queryFromJson, queryJsonField, rangeCriteria, showWhen } from '../../shared/searchCriteria';
import { choiceList, InputProblem, objectIdList, optionalDateTime, optionalText, parseInput, readLimit } from '../../shared/validation';
import type { JsonApiResource, SearchQuery } from '../../transport';
import { searchAll } from '../../transport';
import { findRecord, resolveId } from '../lookups';
import { defineOperation } from '../types';
import { CUSTOMER, customerLocator } from '../customer/record';
import { CONVERSATION } from './record';
import { orderingFields, readOrdering } from '../../shared/sorting';

const customerField = customerLocator("Only this customer's conversations; leave empty for every customer's");
const STATUSES = ['open', 'snoozed', 'done'] as const;
const PRIORITIES = [1, 2, 3, 4, 5] as const;
/** Each multi-select filter is one criterion with `in`, so up to Kustomer's criteria limit each. */
const MAX_CHOICES = 100;

/** A date range filter: after (inclusive) and before (exclusive) on one search attribute, one criterion per bound. */
const RANGES = [
	{ name: 'created', label: 'Created', attribute: 'conversation_created_at', what: 'created' },
	{ name: 'updated', label: 'Updated', attribute: 'conversation_updated_at', what: 'last updated' },
	// Kustomer has no "done at"; the time it was last marked done is conversation_last_done_created_at.
	{ name: 'done', label: 'Done', attribute: 'conversation_last_done_created_at', what: 'last marked done' },
] as const;

const rangeFields = RANGES.flatMap(({ name, label, what }): INodeProperties[] => [
	{
		displayName: `${label} After`,
		name: `${name}After`,
		type: 'dateTime',
		default: '',
		description: `Conversations ${what} at or after this time. A time without a UTC offset is read in the workflow's time zone.`,
	},
	{
		displayName: `${label} Before`,
		name: `${name}Before`,
		type: 'dateTime',
		default: '',
		description: `Conversations ${what} before this time. A time without a UTC offset is read in the workflow's time zone.`,
	},
]);

const description: INodeProperties[] = [
	{
		displayName: 'Search By',
		name: 'searchBy',
		type: 'options',
		default: 'filters',
		options: [
			{ name: 'Filters', value: 'filters', description: 'A customer, status, queue, priority, assignees, tags, date ranges, criteria rows' },
			{ name: 'Query (JSON)', value: 'json', description: "Kustomer's own search criteria as JSON" },
		],
	},
	{
		...customerField.property,
		required: false,
		displayOptions: showWhen('filters'),
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		description: 'Conversations matching all of these',
		displayOptions: showWhen('filters'),
		options: alphabetical([
			{ ...assignedTeamsField, description: `Assigned to any of these teams. ${assignedTeamsField.description}` },
			{ ...assignedUsersField, description: `Assigned to any of these users. ${assignedUsersField.description}` },
			...rangeFields,
			{
				displayName: 'External ID',
				name: 'externalId',
				type: 'string',
				default: '',
				description: 'The one conversation with this external ID, looked up directly; it cannot be combined with other filters',
			},
			{
				...priorityField,
				type: 'multiOptions',
				default: [],
				description: 'Any of these priorities',
			},
			{
				displayName: 'Queue Names or IDs',
				name: 'queues',
				type: 'multiOptions',
				typeOptions: queueField.typeOptions,
				default: [],
				description:
					'In any of these queues. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'multiOptions',
				default: [],
				options: STATUSES.map((status) => ({ name: `${status[0].toUpperCase()}${status.slice(1)}`, value: status })),
				description: 'Any of these statuses',
			},
			{ ...tagsField, description: `Tagged with any of these tags. ${tagsField.description}` },
		]),
	},
	...criteriaFields(
		showWhen('filters'),
		'channels, messageCount, custom.orderNumberStr',
		`More conditions on conversation attributes, all of which must hold; with the filters, up to ${MAX_CRITERIA} in all`,
	),
	queryJsonField(showWhen('json'), '{ "conversation_status": { "equals": "open" } }'),
	...returnAllFields(),
	...orderingFields('conversations', [
		{
			displayName: 'Order',
			name: 'order',
			type: 'options',
			default: 'desc',
			options: [
				{ name: 'Newest First', value: 'desc' },
				{ name: 'Oldest First', value: 'asc' },
			],
		},
		{
			displayName: 'Sort By',
			name: 'sortBy',
			type: 'options',
			default: 'updatedAt',
			options: [
				{ name: 'Last Update', value: 'updatedAt' },
				{ name: 'Creation', value: 'createdAt' },
			],
			description: 'Also how Return All reads past the 10,000 results one Kustomer search serves',
		},
	], [
		{
			displayName: 'Include Archived',
			name: 'includeArchived',
			type: 'boolean',
			default: false,
			description:
				"Whether to also search Kustomer's archive, which alone holds conversations last updated over two years ago. It is a second search, with its own pages, against the key's 100 searches a minute and the org's request budget; it filters only by customer, created and updated dates and IDs (the other filters are refused with it).",
		},
	]),
	simplifyField(),
];

const FILTER_LABELS = fieldLabels(optionsOf(description, 'filters'));

const filtersSchema = (timeZone: string) =>
	z.object({
		status: choiceList(STATUSES),
		priority: choiceList(PRIORITIES),
		queues: objectIdList(MAX_CHOICES),
		assignedUsers: objectIdList(MAX_CHOICES),
		assignedTeams: objectIdList(MAX_CHOICES),
		tags: objectIdList(MAX_CHOICES),
		externalId: optionalText(256),
		...Object.fromEntries(RANGES.flatMap(({ name }) => [[`${name}After`, optionalDateTime(timeZone)], [`${name}Before`, optionalDateTime(timeZone)]])),
	});

const LIST_ATTRIBUTES = {
	status: 'conversation_status',
	priority: 'conversation_priority',
	queues: 'conversation_queue',
	assignedUsers: 'conversation_assigned_users',
	assignedTeams: 'conversation_assigned_teams',
	tags: 'conversation_tags',
} as const;

/** The named filters as Kustomer criteria. */
function filterCriteria(filters: IDataObject, timeZone: string): { criteria: IDataObject[]; externalId?: string } {
	const parsed = parseInput(filtersSchema(timeZone), filters, FILTER_LABELS) as Record<string, unknown>;
	const criteria: IDataObject[] = [];
	for (const [key, attribute] of Object.entries(LIST_ATTRIBUTES)) {
		const values = parsed[key] as unknown[];
		if (values.length) criteria.push(anyOfCriterion(attribute, values));
	}
	for (const { name, attribute } of RANGES) {
		const after = parsed[`${name}After`] as string | undefined;
		const before = parsed[`${name}Before`] as string | undefined;
		if (after && before && after >= before) {
			throw new InputProblem(FILTER_LABELS[`${name}After`], `must be earlier than ${FILTER_LABELS[`${name}Before`]} (${after} is not before ${before})`);
		}
		criteria.push(...rangeCriteria(attribute, { from: after, before }));
	}
	return { criteria, externalId: parsed.externalId as string | undefined };
}

/**
 * The conversation attributes the archive search takes ("criteria based on a limited number of
 * attributes": OpenAPI POST /customers/archive/search, its `and` item properties).
 */
const ARCHIVE_ATTRIBUTES = new Set(['conversation_id', 'conversation_created_at', 'conversation_updated_at', 'conversation_customer_id', 'conversation_any_text', 'conversation_deleted']);
const ARCHIVE_SEARCH_PATH = '/v1/customers/archive/search';

/** Refuses, before anything is sent, a query the archive cannot run: it names the first attribute it lacks. */
function checkArchivable(input: Pick<Input, 'query' | 'externalId'>): void {
	const label = 'Include Archived';
	if (input.externalId) throw new InputProblem(label, 'cannot be used with an External ID filter (the archive has no such lookup); remove one of them');
	for (const criterion of [...(input.query.and ?? []), ...(input.query.or ?? []), ...(input.query.not ?? [])]) {
		const attribute = Object.keys(criterion).find((name) => !ARCHIVE_ATTRIBUTES.has(name));
		if (attribute) {
			throw new InputProblem(label, `cannot search by ${attribute}: Kustomer's archive searches only by ${[...ARCHIVE_ATTRIBUTES].join(', ')}. Remove that filter, or turn Include Archived off`);
		}
	}
}

interface Input {
	query: SearchQuery;
	/** Also search the archive (conversations last updated over two years ago). */
	includeArchived?: boolean;
	customer?: RecordRef;
	/** An external ID names one conversation: it is looked up, not searched (Kustomer's search has no such attribute). */
	externalId?: string;
	limit?: number;
	order: 'asc' | 'desc';
	sortBy: 'updatedAt' | 'createdAt';
}

function readFiltersQuery(context: IExecuteFunctions, itemIndex: number): Pick<Input, 'query' | 'customer' | 'externalId'> {
	const timeZone = context.getTimezone();
	const customer = customerField.readOptional(context, itemIndex);
	const { criteria, externalId } = filterCriteria(context.getNodeParameter('filters', itemIndex, {}) as IDataObject, timeZone);
	const rows = readCriteriaRows(context, itemIndex);
	if (externalId && (customer || criteria.length || hasCriteria(rows))) {
		throw new InputProblem(FILTER_LABELS.externalId, 'names one conversation, so it cannot be combined with other filters or criteria; use it alone');
	}
	const reserved = criteria.length + (customer ? 1 : 0);
	criteria.push(...criteriaFromRows('conversation', rows, timeZone, reserved));
	// The time zone makes plain dates in criteria rows local dates of the workflow (Kustomer's search rule).
	return { query: { queryContext: 'conversation', and: criteria, timeZone }, customer, externalId };
}

/**
 * The standard search and the archive's, up to the limit. Every archived conversation was last
 * updated before every current one, so newest first reads the current ones first, oldest first
 * the archive first; a conversation in both (archived while the run read) comes out once.
 */
async function withArchive(input: Input, search: (limit: number | undefined, path?: string) => Promise<JsonApiResource[]>): Promise<JsonApiResource[]> {
	const [first, second] = input.order === 'asc' ? [ARCHIVE_SEARCH_PATH, undefined] : [undefined, ARCHIVE_SEARCH_PATH];
	const results = await search(input.limit, first);
	if (input.limit !== undefined && results.length >= input.limit) return results;
	const seen = new Set(results.map((record) => record.id));
	const more = await search(input.limit === undefined ? undefined : input.limit - results.length, second);
	for (const record of more) if (!seen.has(record.id) && (input.limit === undefined || results.length < input.limit)) results.push(record);
	return results;
}

export const getManyConversations = defineOperation<Input>({
	option: {
		name: 'Get Many',
		value: 'getAll',
		action: 'Get many conversations',
		description: "List a customer's conversations, or conversations found by status, queue, priority, assignees, tags, dates or criteria",
	},
	roles: ROLES.search,
	effect: 'read',
	idempotent: true,
	docs: {
		moreRoles: '+ `customer.read` to find the customer by email, phone or external ID; + `conversation.read` for an External ID filter',
	},
	description,
	prepare(itemIndex) {
		const searchBy = readChoice<'filters' | 'json'>(this, description, 'searchBy', itemIndex);
		const found =
			searchBy === 'json'
				? { query: queryFromJson(this.getNodeParameter('queryJson', itemIndex), 'conversation', 'Conversation → Get Many') }
				: readFiltersQuery(this, itemIndex);
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		if (options.includeDeleted) found.query.includeDeleted = true;
		if (options.includeArchived) checkArchivable(found);
		return {
			...found,
			includeArchived: options.includeArchived === true,
			limit: readLimit(this.getNodeParameter('returnAll', itemIndex, false), this.getNodeParameter('limit', itemIndex, 50)),
			...readOrdering(this, itemIndex, 'desc'),
		};
	},
	async execute(client, input, itemIndex) {
		if (input.externalId) {
			const found = await findRecord(client, CONVERSATION, { by: 'externalId', externalId: input.externalId }, itemIndex);
			return found ? [found] : [];
		}
		const and = [...(input.query.and ?? [])];
		if (input.customer) {
			and.unshift({ conversation_customer_id: { equals: await resolveId(client, CUSTOMER, input.customer, itemIndex) } });
		}
		const search = async (limit: number | undefined, path?: string) =>
			await searchAll(client, { ...input.query, and }, { limit, order: input.order, sortBy: input.sortBy, itemIndex, roles: ROLES.search, path });
		if (!input.includeArchived) return await search(input.limit);
		return await withArchive(input, search);
	},
});
