import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { klassStatusLabel, listKlasses } from '../actions/customObject/common';
import { ROLES } from '../shared/roles';
import { STANDARD_SEARCH_ATTRIBUTES } from '../shared/searchAttributes';
import { textAttribute } from '../shared/simplify';
import { DOCUMENTED_EVENTS, eventDisplayName } from '../shared/webhookEvents';
import { offeredEvents } from '../trigger/hooks';
import { getCustomAttributeFields } from './resourceMapping';
import type { JsonApiResource } from '../transport';
import { getAllPages, KustomerClient } from '../transport';

/** A dropdown of every record a list endpoint returns, deleted ones left out, sorted by name. */
async function recordOptions(
	context: ILoadOptionsFunctions,
	request: { path: string; roles: readonly string[] },
	toOption: (record: JsonApiResource) => INodePropertyOptions,
	maxPageSize?: number,
	limit?: number,
): Promise<INodePropertyOptions[]> {
	const records = await getAllPages(new KustomerClient(context), request, { maxPageSize, limit });
	return records
		.filter((record) => record.attributes?.deleted !== true)
		.map(toOption)
		.sort((a, b) => a.name.localeCompare(b.name));
}

export async function getQueues(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await recordOptions(this, { path: '/v1/routing/queues', roles: ROLES.queueRead }, (queue) => ({
		name: textAttribute(queue, 'displayName', 'name') ?? queue.id,
		value: queue.id,
	}));
}

export async function getUsers(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await recordOptions(
		this,
		{ path: '/v1/users', roles: ROLES.userRead },
		(user) => {
			const email = user.attributes?.email;
			return {
				name: textAttribute(user, 'displayName', 'name', 'email') ?? user.id,
				value: user.id,
				description: typeof email === 'string' ? email : undefined,
			};
		},
		500,
	);
}

export async function getTeams(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await recordOptions(
		this,
		{ path: '/v1/teams', roles: ROLES.teamRead },
		(team) => ({ name: textAttribute(team, 'displayName', 'name') ?? team.id, value: team.id }),
		500,
	);
}

export async function getTags(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await recordOptions(this, { path: '/v1/tags', roles: ROLES.tagRead }, (tag) => ({
		name: textAttribute(tag, 'name', 'displayName') ?? tag.id,
		value: tag.id,
	}));
}

/** Tags by name: Kustomer's tag endpoints add and remove tags by name. */
export async function getTagNames(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await recordOptions(this, { path: '/v1/tags', roles: ROLES.tagRead }, (tag) => {
		const name = textAttribute(tag, 'name', 'displayName') ?? tag.id;
		return { name, value: name };
	});
}

/**
 * The events a webhook can subscribe to: the org's own list when the key may read it, else the
 * ten every Kustomer source lists. Tag events appear only when the org lists them (Kustomer's
 * help center lists 10 events, only its newer event catalog adds tag events).
 */
export async function getEvents(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	let names: readonly string[] | undefined;
	try {
		names = await offeredEvents(new KustomerClient(this));
	} catch (error) {
		this.logger.debug(`Kustomer Trigger: showing the documented event list (${(error as Error).message})`);
	}
	return [...new Set(names ?? DOCUMENTED_EVENTS)].sort().map((name) => ({ name: eventDisplayName(name), value: name, description: name }));
}

/**
 * The org's custom object types (klasses) of every status, by name: KObject endpoints address a
 * klass by its name. A type not enabled says so beside its name.
 */
export async function getKlasses(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const klasses = await listKlasses(new KustomerClient(this));
	return klasses
		.filter(({ record }) => record.attributes?.deleted !== true)
		.map(({ name, status, record }) => {
			// Kustomer's own example data spells it displayname once.
			const label = textAttribute(record, 'displayName', 'displayname') ?? name;
			const statusLabel = klassStatusLabel(status);
			return { name: statusLabel ? `${label} (${statusLabel})` : label, value: name, description: name };
		})
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** The org's connected sending accounts for the reply's channel (GET /v1/outboundAccounts). */
export async function getOutboundAccounts(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const channel = this.getCurrentNodeParameter('channel') as string | undefined;
	const accounts = await getAllPages(new KustomerClient(this), { path: '/v1/outboundAccounts', roles: ROLES.outboundAccountRead });
	return accounts
		.filter((account) => !channel || channel === 'conversation' || account.attributes?.channel === channel)
		.map((account) => {
			const address = textAttribute(account, 'account') ?? '';
			const label = textAttribute(account, 'name');
			return { name: label && label !== address ? `${label} <${address}>` : address, value: address, description: textAttribute(account, 'channel') };
		})
		.filter((option) => option.value)
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** "last_message_at" -> "Last Message At", "shared_externalId" -> "Shared External ID". */
function attributeLabel(name: string): string {
	return name
		.replace(/externalId/g, 'external_ID')
		.split('_')
		.map((word) => word.charAt(0).toUpperCase() + word.slice(1))
		.join(' ');
}

/**
 * The Field picker of criteria rows (version 2 nodes): the record type's standard search
 * attributes, then the org's custom attributes (custom.<name>, from Kustomer's metadata as the
 * attribute mapper reads it; none when the key may not read it). Values are what the row sends:
 * searchAttribute() keeps a prefixed name as it is and prefixes custom.<name>.
 */
export async function getSearchFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const context = this.getCurrentNodeParameter('resource') === 'conversation' ? 'conversation' : 'customer';
	const standard = STANDARD_SEARCH_ATTRIBUTES[context].map((name) => ({ name: attributeLabel(name), value: `${context}_${name}`, description: `Sent as ${context}_${name}` }));
	let fields: Array<{ id: string; displayName: string }> = [];
	try {
		fields = (await getCustomAttributeFields.call(this)).fields;
	} catch (error) {
		// The standard attributes stay pickable; a custom one can still be given with an expression.
		this.logger.debug(`Kustomer: custom attributes not listed in the criteria picker (${(error as Error).message})`);
	}
	const custom = fields.map((field) => ({ name: `Custom: ${field.displayName}`, value: `custom.${field.id}`, description: `Sent as custom.${field.id}` }));
	return [...standard.sort((a, b) => a.name.localeCompare(b.name)), ...custom];
}
