import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { customAttributesMapperField } from '../../shared/attributeMapper';
import { fieldCollection, fieldLabels, labelOf, simplifyField } from '../../shared/fields';
import { ROLES } from '../../shared/roles';
import { InputProblem, parseInput } from '../../shared/validation';
import type { JsonApiResource, KustomerClient } from '../../transport';
import { asNodeError } from '../../transport';
import { ChangedWhileWriting, isConflict, whileChanging } from '../conflicts';
import { defineOperation } from '../types';
import { companyFieldOptions, companyNameField, companyNameSchema, readCompanyBody } from './fields';
import type { CompanyMatch } from './record';
import { findCompany } from './record';
import { postCompany, putCompany } from './records';

const description: INodeProperties[] = [
	{
		displayName: 'Match By',
		name: 'matchBy',
		type: 'options',
		default: 'externalId',
		options: [
			{ name: 'External ID', value: 'externalId', description: 'The External ID under Additional Fields, exactly' },
			{ name: 'Name', value: 'name', description: 'The name, ignoring case and surrounding spaces' },
		],
		description: 'What finds the existing company. Two companies matching is an error: nothing is written for the item.',
	},
	companyNameField,
	customAttributesMapperField('company'),
	{
		...fieldCollection('additionalFields', 'Additional Fields', companyFieldOptions('absent')),
		description: 'What the company should hold. A new company gets all of it; an existing one gets the emails, phones, domains, websites and tags it lacks added and the other fields set. Empty fields are left out, never cleared.',
	},
	simplifyField(),
];

interface Input {
	body: IDataObject;
	match: CompanyMatch;
}


type ListKey = 'domains' | 'urls' | 'tags' | 'emails' | 'phones';
/** A contact entry as the write schema takes it: the value, its type and whether it is verified. */
const contact = (key: 'email' | 'phone') => ({
	key: (entry: unknown) => String((entry as IDataObject)?.[key] ?? '').toLowerCase(),
	writable: (entry: unknown) => {
		const { type, verified } = entry as IDataObject;
		return { [key]: (entry as IDataObject)[key], ...(typeof type === 'string' ? { type } : {}), ...(typeof verified === 'boolean' ? { verified } : {}) };
	},
});
/** Each list's entries: the key that tells them apart, and the entry as the write schema takes it (no `id` or extras). */
const LISTS: Record<ListKey, { key(entry: unknown): string; writable(entry: unknown): unknown }> = {
	domains: { key: (entry) => String((entry as IDataObject)?.domain ?? '').toLowerCase(), writable: (entry) => ({ domain: (entry as IDataObject).domain }) },
	urls: {
		key: (entry) => String((entry as IDataObject)?.url ?? ''),
		writable: (entry) => {
			const { type, url } = entry as IDataObject;
			return typeof type === 'string' ? { type, url } : { url };
		},
	},
	tags: { key: (entry) => String(entry), writable: (entry) => entry },
	emails: contact('email'),
	phones: contact('phone'),
};

/** The company's list with the given entries it lacks, or undefined when it lacks none. */
function mergedList(key: ListKey, existing: unknown, given: unknown[]): unknown[] | undefined {
	const list = LISTS[key];
	const current = (Array.isArray(existing) ? existing : []).filter((entry) => list.key(entry) !== '');
	const have = new Set(current.map(list.key));
	const added = given.filter((entry) => !have.has(list.key(entry)));
	return added.length ? [...current.map(list.writable), ...added] : undefined;
}

/** What must change on an existing company: differing fields, missing list entries, differing custom attributes. */
export function companyChanges(record: JsonApiResource, body: IDataObject): IDataObject {
	const attributes = record.attributes ?? {};
	const changes: IDataObject = {};
	for (const [key, value] of Object.entries(body)) {
		if (key in LISTS) {
			const merged = mergedList(key as ListKey, attributes[key], value as unknown[]);
			if (merged) changes[key] = merged as IDataObject[];
		} else if (key === 'custom') {
			const current = (attributes.custom ?? {}) as IDataObject;
			const differing = Object.entries(value as IDataObject).filter(([name, attribute]) => current[name] !== attribute);
			if (differing.length) changes.custom = Object.fromEntries(differing);
		} else if (attributes[key] !== value) {
			changes[key] = value;
		}
	}
	return changes;
}

/** Updates the matched company with what differs; lists were read to merge, so the write carries the `rev` read. */
async function updateMatch(client: KustomerClient, existing: JsonApiResource, body: IDataObject, itemIndex: number): Promise<JsonApiResource> {
	const changes = companyChanges(existing, body);
	if (Object.keys(changes).length === 0) return existing;
	const rev = existing.attributes?.rev;
	const merged = Object.keys(LISTS).some((key) => key in changes);
	try {
		return await putCompany(client, existing.id, merged && typeof rev === 'number' ? { ...changes, rev } : changes, itemIndex);
	} catch (error) {
		throw isConflict(error) ? new ChangedWhileWriting(error) : error;
	}
}

/**
 * One round: look up, then update the match or create. A create Kustomer refuses as a conflict
 * (another run made the company first, where Kustomer keeps External IDs unique) updates what
 * appeared; when nothing did, the conflict is the item's error.
 */
async function upsertOnce(client: KustomerClient, input: Input, itemIndex: number): Promise<JsonApiResource> {
	// Matched by name (ignoring case), the company keeps its own spelling of it.
	const changes = input.match.by === 'name' ? Object.fromEntries(Object.entries(input.body).filter(([key]) => key !== 'name')) : input.body;
	const existing = await findCompany(client, input.match, itemIndex);
	if (existing) return await updateMatch(client, existing, changes, itemIndex);
	try {
		return await postCompany(client, input.body, itemIndex);
	} catch (error) {
		const raced = isConflict(error) ? await findCompany(client, input.match, itemIndex) : undefined;
		if (!raced) throw asNodeError(client.node, error, itemIndex);
		return await updateMatch(client, raced, changes, itemIndex);
	}
}

export const upsertCompany = defineOperation<Input>({
	option: {
		name: 'Create or Update',
		value: 'upsert',
		action: 'Create or update a company',
		description: 'Create a new record, or update the current one if it already exists (upsert)',
	},
	roles: ROLES.companyCreate,
	effect: 'write',
	idempotent: true,
	docs: {
		moreRoles: '+ `company.read` and `company.update` (it looks the company up, then creates or updates)',
		runTwice: 'One company: it is looked up by External ID or name first, and found by the second run.',
	},
	description,
	prepare(itemIndex) {
		const { name } = parseInput(z.object({ name: companyNameSchema }), { name: this.getNodeParameter('name', itemIndex, '') }, fieldLabels(description));
		const body: IDataObject = { name, ...readCompanyBody(this, itemIndex, this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject, 'absent') };
		const matchBy = this.getNodeParameter('matchBy', itemIndex, 'externalId');
		if (matchBy === 'name') return { body, match: { by: 'name', name } };
		if (matchBy !== 'externalId') throw new InputProblem(labelOf(description, 'matchBy'), 'must be "externalId" or "name"', matchBy);
		if (typeof body.externalId !== 'string') {
			throw new InputProblem(labelOf(description, 'matchBy'), 'is External ID, but the item has none: give it under Additional Fields → External ID, or match by Name');
		}
		return { body, match: { by: 'externalId', externalId: body.externalId } };
	},
	// Items naming the same company go one after the other, so the second finds what the first made.
	sequenceKey: ({ match }) => (match.by === 'externalId' ? `externalId:${match.externalId}` : `name:${match.name.trim().toLowerCase()}`),
	async execute(client, input, itemIndex) {
		return [await whileChanging(client, itemIndex, async () => await upsertOnce(client, input, itemIndex))];
	},
});
