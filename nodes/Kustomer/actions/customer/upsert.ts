import type { IDataObject, INode, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { z } from 'zod';

import { fieldLabels, labelOf, simplifyField } from '../../shared/fields';
import type { RecordRef } from '../../shared/locators';
import { customAttributesMapperField } from '../../shared/attributeMapper';
import { ROLES } from '../../shared/roles';
import { textAttribute } from '../../shared/simplify';
import { choiceList, InputProblem, parseInput } from '../../shared/validation';
import type { JsonApiResource, KustomerClient } from '../../transport';
import { asNodeError } from '../../transport';
import { ChangedWhileWriting, explainConflict, isConflict, whileChanging } from '../conflicts';
import { defineOperation } from '../types';
import { customerFieldOptions, readCustomerBody } from './fields';
import { findRecord } from '../lookups';
import { CUSTOMER } from './record';
import { companyIdIn } from '../company/records';
import { CUSTOMER_CONFLICT, keepCompany, patchCustomer, postCustomer } from './records';

const MATCH_KINDS = ['email', 'phone', 'externalId'] as const;
type MatchKind = (typeof MATCH_KINDS)[number];
const MAX_CONTACTS = 10;

const description: INodeProperties[] = [
	{
		displayName: 'Match By',
		name: 'matchBy',
		type: 'multiOptions',
		default: ['email', 'phone', 'externalId'],
		options: [
			{ name: 'Email', value: 'email' },
			{ name: 'External ID', value: 'externalId' },
			{ name: 'Phone', value: 'phone' },
		],
		description:
			'Which of the customer fields below find an existing customer. Kustomer keeps emails, phones and external IDs unique, so each finds at most one; two different customers are an error.',
	},
	customAttributesMapperField('customer'),
	{
		displayName: 'Customer Fields',
		name: 'customerFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description:
			'What the customer should hold. A new customer gets all of it; an existing one gets the emails, phones and tags it lacks added and the other fields set. Empty fields (or null) are left out, never cleared.',
		options: customerFieldOptions('absent'),
	},
	simplifyField(),
];

/** A customer's body and the identifiers that find them. */
export interface CustomerMatchInput {
	body: IDataObject;
	identifiers: RecordRef[];
}

type Input = CustomerMatchInput;

/** The identifiers of the body that Match By selects, as lookups. */
export function identifiersOf(body: IDataObject, kinds: MatchKind[]): RecordRef[] {
	const refs: RecordRef[] = [];
	if (kinds.includes('email')) for (const entry of (body.emails ?? []) as IDataObject[]) refs.push({ by: 'email', email: String(entry.email) });
	if (kinds.includes('phone')) for (const entry of (body.phones ?? []) as IDataObject[]) refs.push({ by: 'phone', phone: String(entry.phone) });
	if (kinds.includes('externalId') && body.externalId) refs.push({ by: 'externalId', externalId: String(body.externalId) });
	return refs;
}

const describeRef = (ref: RecordRef) => (ref.by === 'id' ? ref.id : ref.by === 'email' ? ref.email : ref.by === 'phone' ? ref.phone : ref.externalId);

/** The one customer the identifiers find, undefined for none; several is an error naming them. */
async function findMatch(client: KustomerClient, input: Input, itemIndex: number): Promise<JsonApiResource | undefined> {
	const found = await Promise.all(input.identifiers.map(async (ref) => ({ ref, record: await findRecord(client, CUSTOMER, ref, itemIndex) })));
	const byId = new Map<string, { record: JsonApiResource; refs: RecordRef[] }>();
	for (const { ref, record } of found) {
		if (!record) continue;
		const entry = byId.get(record.id) ?? { record, refs: [] };
		entry.refs.push(ref);
		byId.set(record.id, entry);
	}
	if (byId.size <= 1) return [...byId.values()][0]?.record;
	const names = [...byId.values()].map(
		({ record, refs }) => `${record.id} (${textAttribute(record, 'displayName', 'name') ?? 'no name'}) by ${refs.map(describeRef).join(', ')}`,
	);
	throw new NodeOperationError(client.node, `The item matches ${byId.size} different Kustomer customers [item ${itemIndex}]`, {
		itemIndex,
		description: `Matched: ${names.join('; ')}. Merge them in Kustomer, correct the item's emails, phones or external ID, or narrow Match By. Nothing was written for this item.`,
	});
}

/** Existing contact entries in the shape Kustomer's write schema takes (no `id` or extras). */
function writable(entry: IDataObject, key: 'email' | 'phone'): IDataObject {
	const clean: IDataObject = { [key]: entry[key] };
	if (typeof entry.type === 'string') clean.type = entry.type;
	if (typeof entry.verified === 'boolean') clean.verified = entry.verified;
	return clean;
}

/** The customer's list with the given entries it lacks, or undefined when it lacks none. */
function mergedList(existing: unknown, given: IDataObject[], key: 'email' | 'phone', label: string, itemIndex: number, node: INode): IDataObject[] | undefined {
	const current = (Array.isArray(existing) ? (existing as IDataObject[]) : []).filter((entry) => typeof entry?.[key] === 'string');
	const have = new Set(current.map((entry) => String(entry[key]).toLowerCase()));
	const added = given.filter((entry) => !have.has(String(entry[key]).toLowerCase()));
	if (added.length === 0) return undefined;
	const merged = [...current.map((entry) => writable(entry, key)), ...added];
	if (merged.length > MAX_CONTACTS) {
		throw new NodeOperationError(node, `The customer would have ${merged.length} ${label}; Kustomer allows ${MAX_CONTACTS} [item ${itemIndex}]`, { itemIndex });
	}
	return merged;
}

/** What must change on an existing customer: differing fields, missing list entries, its company kept. */
function changesFor(record: JsonApiResource, body: IDataObject, client: KustomerClient, itemIndex: number): IDataObject {
	const attributes = record.attributes ?? {};
	const changes: IDataObject = {};
	for (const [key, value] of Object.entries(body)) {
		if (key === 'emails' || key === 'phones') {
			const merged = mergedList(attributes[key], value as IDataObject[], key === 'emails' ? 'email' : 'phone', key, itemIndex, client.node);
			if (merged) changes[key] = merged;
		} else if (key === 'tags') {
			const current = Array.isArray(attributes.tags) ? (attributes.tags as string[]) : [];
			const added = (value as string[]).filter((tag) => !current.includes(tag));
			if (added.length) changes.tags = [...current, ...added];
		} else if (key === 'custom') {
			const current = (attributes.custom ?? {}) as IDataObject;
			const differing = Object.entries(value as IDataObject).filter(([name, attribute]) => current[name] !== attribute);
			if (differing.length) changes.custom = Object.fromEntries(differing);
		} else if (key !== 'company' && attributes[key] !== value) {
			changes[key] = value;
		}
	}
	if ('company' in body && keepCompany({}, record).company !== body.company) changes.company = body.company;
	return changes;
}

/** Updates the matched customer; lists were read to merge, so the write carries the `rev` read. */
async function updateMatch(client: KustomerClient, record: JsonApiResource, body: IDataObject, itemIndex: number): Promise<JsonApiResource> {
	const changes = changesFor(record, body, client, itemIndex);
	if (Object.keys(changes).length === 0) return record;
	const merged = 'emails' in changes || 'phones' in changes || 'tags' in changes;
	const rev = record.attributes?.rev;
	const withRev = merged && typeof rev === 'number' ? { ...changes, rev } : changes;
	try {
		return await patchCustomer(client, record.id, keepCompany(withRev, record), itemIndex);
	} catch (error) {
		throw isConflict(error) ? new ChangedWhileWriting(error) : error;
	}
}

/**
 * The one customer the identifiers find, or a new one made from the body: `created` says which.
 * A create Kustomer refuses as a duplicate (another item or workflow got there first) answers
 * the customer that appeared; `conflictHint` adds to the error when none did.
 */
export async function findOrCreateCustomer(
	client: KustomerClient,
	input: Input,
	itemIndex: number,
	conflictHint = '',
): Promise<{ record: JsonApiResource; created: boolean }> {
	const match = await findMatch(client, input, itemIndex);
	if (match) return { record: match, created: false };
	try {
		return { record: await postCustomer(client, input.body, itemIndex, async () => await findMatch(client, input, itemIndex)), created: true };
	} catch (error) {
		if (!isConflict(error)) throw asNodeError(client.node, error, itemIndex);
		// Emails, phones and external IDs are unique: whoever holds the one refused is found now.
		const raced = await findMatch(client, input, itemIndex);
		if (!raced) throw explainConflict(error, `${CUSTOMER_CONFLICT}${conflictHint}`);
		return { record: raced, created: false };
	}
}

/** One round: look up, then update the match or create; a create refused as a duplicate updates what appeared. */
async function upsertOnce(client: KustomerClient, input: Input, itemIndex: number): Promise<JsonApiResource> {
	const hint = ' If Match By leaves out the identifier the other customer has, add it.';
	const { record, created } = await findOrCreateCustomer(client, input, itemIndex, hint);
	return created ? record : await updateMatch(client, record, input.body, itemIndex);
}

export const upsertCustomer = defineOperation<Input>({
	option: {
		name: 'Create or Update',
		value: 'upsert',
		action: 'Create or update a customer',
		description: 'Create a new record, or update the current one if it already exists (upsert)',
	},
	roles: ROLES.customerCreate,
	// Lookups first, and a create that Kustomer refuses as a duplicate updates instead: running
	// an item twice leaves one customer.
	effect: 'write',
	idempotent: true,
	docs: {
		moreRoles: '+ `customer.read` and `customer.update` (it looks the customer up, then creates or updates); a company given by External ID + `company.read`',
		runTwice: 'One customer: it is looked up first, and a create Kustomer refuses as a duplicate (another item or workflow got there first) becomes an update.',
	},
	description,
	prepare(itemIndex) {
		const body = readCustomerBody(this, itemIndex, this.getNodeParameter('customerFields', itemIndex, {}) as IDataObject, 'absent');
		const { matchBy } = parseInput(z.object({ matchBy: choiceList(MATCH_KINDS) }), { matchBy: this.getNodeParameter('matchBy', itemIndex, []) }, fieldLabels(description));
		const identifiers = identifiersOf(body, matchBy);
		if (identifiers.length === 0) {
			throw new InputProblem(labelOf(description, 'matchBy'), `needs a value to match on: give the customer ${matchBy.length ? matchBy.join(' or ') : 'an email, phone or external ID'} in Customer Fields`);
		}
		return { body, identifiers };
	},
	async execute(client, given, itemIndex) {
		const input = { ...given, body: await companyIdIn(client, given.body, itemIndex) };
		return [await whileChanging(client, itemIndex, async () => await upsertOnce(client, input, itemIndex))];
	},
});
