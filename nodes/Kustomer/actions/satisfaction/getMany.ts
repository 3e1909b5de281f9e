import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { alphabetical, fieldLabels, optionsOf, readChoice, returnAllFields, simplifyField } from '../../shared/fields';
import { ROLES } from '../../shared/roles';
import { anyOfCriterion, rangeCriteria } from '../../shared/searchCriteria';
import { choiceList, InputProblem, objectId, optionalDateTime, parseInput, readLimit } from '../../shared/validation';
import type { JsonApiResource, SearchQuery } from '../../transport';
import { getAllPages, searchAll } from '../../transport';
import { defineOperation } from '../types';

/**
 * The statuses of a satisfaction response (OpenAPI POST /customers/search, "Standard attributes
 * JSON Schema": conversation_satisfaction_status; help.kustomer.com "View satisfaction survey
 * responses" explains each).
 */
const STATUSES = ['scheduled', 'offered', 'rated', 'commented', 'unresponded', 'canceled'] as const;
const showFor = (read: string) => ({ show: { satisfactionRead: [read] } });

const description: INodeProperties[] = [
	{
		displayName: 'Read',
		name: 'satisfactionRead',
		type: 'options',
		default: 'responses',
		options: [
			{ name: 'Responses', value: 'responses', description: "Customers' answers to surveys, as their conversations hold them (a conversation search)" },
			{ name: 'Surveys', value: 'surveys', description: 'The satisfaction surveys the org has set up (GET /v1/satisfaction)' },
		],
	},
	{
		displayName: 'Filters',
		name: 'satisfactionFilters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: showFor('responses'),
		options: alphabetical([
			{ displayName: 'Created After', name: 'createdAfter', type: 'dateTime', default: '', description: "Responses created (the survey scheduled or sent) at or after this time. A time without a UTC offset is read in the workflow's time zone." },
			{ displayName: 'Created Before', name: 'createdBefore', type: 'dateTime', default: '', description: "Responses created before this time. A time without a UTC offset is read in the workflow's time zone." },
			{ displayName: 'Max Rating', name: 'maxRating', type: 'number', typeOptions: { minValue: 1, maxValue: 5 }, default: 5, description: "Rated at most this, on Kustomer's 1 to 5 scale" },
			{ displayName: 'Min Rating', name: 'minRating', type: 'number', typeOptions: { minValue: 1, maxValue: 5 }, default: 1, description: "Rated at least this, on Kustomer's 1 to 5 scale" },
			{
				displayName: 'Score',
				name: 'score',
				type: 'options',
				default: 1,
				options: [
					{ name: 'Good (1)', value: 1 },
					{ name: 'Bad (0)', value: 0 },
				],
				description: "Kustomer's score from the rating: 1 good, 0 bad",
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'multiOptions',
				default: [],
				options: STATUSES.map((status) => ({ name: `${status[0].toUpperCase()}${status.slice(1)}`, value: status })),
				description: 'Any of these statuses; empty: every response, whatever its status',
			},
			{ displayName: 'Survey ID', name: 'surveyId', type: 'string', default: '', description: 'Only responses to this survey' },
		]),
	},
	...returnAllFields(),
	{ ...simplifyField(), displayOptions: showFor('surveys') },
];

const LABELS = fieldLabels(optionsOf(description, 'satisfactionFilters'));
const rating = z.preprocess((value) => (value === '' || value === null ? undefined : value), z.number({ invalid_type_error: 'must be a number from 1 to 5' }).int('must be a whole number from 1 to 5').min(1, 'must be from 1 to 5').max(5, 'must be from 1 to 5').optional());

const filtersSchema = (timeZone: string) =>
	z.object({
		createdAfter: optionalDateTime(timeZone),
		createdBefore: optionalDateTime(timeZone),
		minRating: rating,
		maxRating: rating,
		score: z.union([z.literal(0), z.literal(1)], { errorMap: () => ({ message: 'must be 1 (good) or 0 (bad)' }) }).optional(),
		status: choiceList(STATUSES),
		surveyId: z.preprocess((value) => (value === '' ? undefined : value), objectId.optional()),
	});

/**
 * The filters as criteria on the conversation's satisfaction (the standard attributes
 * conversation_satisfaction_created_at, _rating, _score, _status, _survey_id: OpenAPI POST
 * /customers/search). Without a Status filter, every status: only conversations with a survey.
 */
export function responseCriteria(filters: IDataObject, timeZone: string): IDataObject[] {
	const parsed = parseInput(filtersSchema(timeZone), filters, LABELS);
	const { createdAfter, createdBefore, minRating, maxRating } = parsed;
	if (createdAfter && createdBefore && createdAfter >= createdBefore) throw new InputProblem(LABELS.createdAfter, `must be earlier than ${LABELS.createdBefore} (${createdAfter} is not before ${createdBefore})`);
	if (minRating !== undefined && maxRating !== undefined && minRating > maxRating) throw new InputProblem(LABELS.minRating, `must be at most ${LABELS.maxRating} (${minRating} is above ${maxRating})`);
	return [
		anyOfCriterion('conversation_satisfaction_status', parsed.status.length ? parsed.status : [...STATUSES]),
		...rangeCriteria('conversation_satisfaction_created_at', { from: createdAfter, before: createdBefore }),
		...(minRating !== undefined ? [{ conversation_satisfaction_rating: { gte: minRating } }] : []),
		...(maxRating !== undefined ? [{ conversation_satisfaction_rating: { lte: maxRating } }] : []),
		...(parsed.score !== undefined ? [{ conversation_satisfaction_score: { equals: parsed.score } }] : []),
		...(parsed.surveyId ? [{ conversation_satisfaction_survey_id: { equals: parsed.surveyId } }] : []),
	];
}

/**
 * A response as one item: the conversation's `satisfactionLevel` (OpenAPI conversation schema:
 * form, formResponse, status, rating, score, firstAnswer, sentAt, createdAt, ...), its ID being
 * the response's (`formResponse`), with the conversation and customer it is about.
 */
export function responseItem(conversation: JsonApiResource): { json: IDataObject } {
	const level = (conversation.attributes?.satisfactionLevel ?? {}) as IDataObject;
	const customer = (conversation.relationships?.customer as { data?: { id?: string } } | undefined)?.data?.id;
	return { json: { id: level.formResponse ?? null, surveyId: level.form ?? null, ...level, conversationId: conversation.id, customerId: customer ?? null } };
}

interface Input {
	read: 'responses' | 'surveys';
	query?: SearchQuery;
	limit?: number;
}

export const getManySatisfaction = defineOperation<Input>({
	option: {
		name: 'Get Many',
		value: 'getAll',
		action: 'Get many satisfaction responses or surveys',
		description: "List customers' satisfaction responses by date, rating, score or status, or the org's surveys",
	},
	roles: ROLES.search,
	effect: 'read',
	idempotent: true,
	docs: { moreRoles: '`org.permission.satisfaction.read` instead for Read: Surveys' },
	description,
	prepare(this: IExecuteFunctions, itemIndex) {
		const read = readChoice<Input['read']>(this, description, 'satisfactionRead', itemIndex);
		const limit = readLimit(this.getNodeParameter('returnAll', itemIndex, false), this.getNodeParameter('limit', itemIndex, 50));
		if (read === 'surveys') return { read, limit };
		const timeZone = this.getTimezone();
		const and = responseCriteria(this.getNodeParameter('satisfactionFilters', itemIndex, {}) as IDataObject, timeZone);
		return { read, limit, query: { queryContext: 'conversation', and, timeZone } };
	},
	async execute(client, input, itemIndex) {
		if (input.read === 'surveys') {
			// GET /v1/satisfaction: "a paginated list of satisfaction forms" (OpenAPI; page, pageSize up to 100).
			return await getAllPages(client, { path: '/v1/satisfaction', itemIndex, roles: ROLES.satisfactionRead }, { limit: input.limit });
		}
		const conversations = await searchAll(client, input.query as SearchQuery, { limit: input.limit, order: 'desc', itemIndex, roles: ROLES.search });
		return conversations.map(responseItem);
	},
});
