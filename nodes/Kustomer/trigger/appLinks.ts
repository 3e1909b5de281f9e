/**
 * `appUrl` on the webhook trigger's records (node version 2), as the polling trigger and the
 * action node give it: the record's page in Kustomer. The delivery knows the record (its path
 * in the app goes along in the item's delivery mark); the execution's first step knows the
 * org's app address, from the Kustomer API credential of Automatic registration, asked once per
 * execution and never on the webhook's answer path. Manual registration has no API credential,
 * so its records carry no `appUrl`, as the other nodes' records do when the org is unknown.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { appBaseUrl, recordAppUrl } from '../actions/appLinks';
import type { KustomerEvent } from '../shared/webhookEvents';
import { KustomerClient } from '../transport';
import { DELIVERY_FIELD } from './deliveryItems';

/** The version of the Kustomer Trigger whose records carry `appUrl`. */
export const APP_URL_VERSION = 2;

/** The record's path in the Kustomer app ("/app/customers/…"), for the delivery mark. */
export function eventAppPath(event: KustomerEvent): string | undefined {
	return event.data ? recordAppUrl(event.data, '') : undefined;
}

function appPathOf(item: INodeExecutionData): string | undefined {
	const path = (item.json[DELIVERY_FIELD] as IDataObject | undefined)?.appPath;
	return typeof path === 'string' && path.startsWith('/app/') ? path : undefined;
}

async function orgAppBase(context: IExecuteFunctions): Promise<string | undefined> {
	try {
		return await appBaseUrl(new KustomerClient(context));
	} catch {
		// A link is a convenience: an event is never held up because its org's address is unknown.
		return undefined;
	}
}

/** The items with `resource.appUrl` set where the record and the org's app address are known. */
export async function withAppLinks(context: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	if (context.getNode().typeVersion < APP_URL_VERSION || !items.some(appPathOf)) return items;
	const appBase = await orgAppBase(context);
	if (!appBase) return items;
	return items.map((item) => {
		const path = appPathOf(item);
		const resource = item.json.resource;
		if (!path || !resource || typeof resource !== 'object' || Array.isArray(resource)) return item;
		return { ...item, json: { ...item.json, resource: { ...(resource as IDataObject), appUrl: `${appBase}${path}` } } };
	});
}
