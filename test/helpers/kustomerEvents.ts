import type { IDataObject } from 'n8n-workflow';
import { createHmac } from 'node:crypto';

import { CONVERSATION_ID, conversationResource, CUSTOMER_ID, ORG_ID } from './kustomer';
import type { Delivery } from './trigger';
import { clock } from './virtualClock';

let sequence = 0;

/** A Kustomer outbound-webhook envelope, made now (on the test's virtual clock). */
export function kustomerEvent(
	name: string,
	data: IDataObject = conversationResource(),
	changes: IDataObject | null = null,
	id = `evt-${++sequence}-${Date.now()}`,
): IDataObject {
	return {
		id,
		name,
		org: ORG_ID,
		orgName: 'acme',
		createdAt: new Date(clock.now()).toISOString(),
		dataId: data.id,
		data,
		changes,
	};
}

export function conversationUpdate(attributes: Record<string, { before: unknown; after: unknown }>, id?: string): IDataObject {
	const changes = Object.fromEntries(
		Object.entries(attributes).map(([name, change]) => [name, { op: 'replace', ...change }]),
	);
	return kustomerEvent('kustomer.conversation.update', conversationResource(CONVERSATION_ID, { priority: 5 }), { attributes: changes }, id);
}

export function messageCreated(direction: 'in' | 'out'): IDataObject {
	return kustomerEvent('kustomer.message.create', {
		type: 'message',
		id: '0000000000000000000000aa',
		attributes: { channel: 'email', direction, preview: 'Hello' },
		relationships: { conversation: { data: { type: 'conversation', id: CONVERSATION_ID } }, customer: { data: { type: 'customer', id: CUSTOMER_ID } } },
	});
}

export function hmacHex(body: string | Buffer, token: string): string {
	return createHmac('sha256', token).update(body).digest('hex');
}

/** A delivery as Kustomer sends it: JSON body, event header, signature over the exact bytes. */
export function signed(event: IDataObject, token: string, extraHeaders: Record<string, string> = {}): Delivery {
	const body = JSON.stringify(event);
	return {
		body,
		headers: {
			'x-kustomer-webhook-event': String(event.name),
			'x-kustomer-webhook-signature': hmacHex(body, token),
			...extraHeaders,
		},
	};
}
