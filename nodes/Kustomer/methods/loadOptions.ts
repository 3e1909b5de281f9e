import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { ROLES } from '../shared/roles';
import { eventDisplayName, isKustomerEventName, KUSTOMER_EVENTS } from '../shared/webhookEvents';
import type { JsonApiResource } from '../transport';
import { getAllPages, KustomerClient } from '../transport';

function label(record: JsonApiResource, ...names: string[]): string {
	for (const name of names) {
		const value = record.attributes?.[name];
		if (typeof value === 'string' && value.trim() !== '') return value;
	}
	return record.id;
}

function byName(a: INodePropertyOptions, b: INodePropertyOptions): number {
	return a.name.localeCompare(b.name);
}

function isDeleted(record: JsonApiResource): boolean {
	return record.attributes?.deleted === true;
}

export async function getQueues(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const queues = await getAllPages(new KustomerClient(this), { path: '/v1/routing/queues', roles: ROLES.queueRead });
	return queues
		.filter((queue) => !isDeleted(queue))
		.map((queue) => ({ name: label(queue, 'displayName', 'name'), value: queue.id }))
		.sort(byName);
}

export async function getUsers(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const users = await getAllPages(
		new KustomerClient(this),
		{ path: '/v1/users', roles: ROLES.userRead },
		{ maxPageSize: 500 },
	);
	return users
		.filter((user) => !isDeleted(user))
		.map((user) => {
			const email = user.attributes?.email;
			return {
				name: label(user, 'displayName', 'name', 'email'),
				value: user.id,
				description: typeof email === 'string' ? email : undefined,
			};
		})
		.sort(byName);
}

export async function getTeams(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const teams = await getAllPages(
		new KustomerClient(this),
		{ path: '/v1/teams', roles: ROLES.teamRead },
		{ maxPageSize: 500 },
	);
	return teams
		.filter((team) => !isDeleted(team))
		.map((team) => ({ name: label(team, 'displayName', 'name'), value: team.id }))
		.sort(byName);
}

export async function getTags(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const tags = await getAllPages(new KustomerClient(this), { path: '/v1/tags', roles: ROLES.tagRead });
	return tags
		.filter((tag) => !isDeleted(tag))
		.map((tag) => ({ name: label(tag, 'name', 'displayName'), value: tag.id }))
		.sort(byName);
}

/**
 * Kustomer's subscribable events: the built-in list, plus any the API lists when the
 * credential may read it (a key without the role, or Manual mode without one, gets the list).
 */
export async function getEvents(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const names = new Set<string>(KUSTOMER_EVENTS);
	try {
		const response = await new KustomerClient(this).request<{ events?: unknown; data?: unknown }>({
			method: 'GET',
			path: '/v1/outbound-webhooks/events',
			roles: ROLES.outboundWebhookRead,
		});
		const listed = Array.isArray(response?.events) ? response.events : Array.isArray(response?.data) ? response.data : [];
		for (const entry of listed) {
			const name = typeof entry === 'string' ? entry : (entry as { name?: unknown; id?: unknown })?.name ?? (entry as { id?: unknown })?.id;
			if (isKustomerEventName(name)) names.add(name);
		}
	} catch (error) {
		this.logger.debug(`Kustomer Trigger: showing the built-in event list (${(error as Error).message})`);
	}
	return [...names].sort().map((name) => ({ name: eventDisplayName(name), value: name, description: name }));
}
