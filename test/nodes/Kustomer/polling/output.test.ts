/**
 * Both triggers give a workflow the same item for the same change (issue 20 item 7): the polling
 * trigger's item is the webhook trigger's simplified event (version 2, `appUrl` on the record),
 * key for key, so a workflow can switch between them.
 */
import type { IDataObject } from 'n8n-workflow';

import { recordAppUrl } from '../../../../nodes/Kustomer/actions/appLinks';
import { findPollEvent } from '../../../../nodes/Kustomer/polling/events';
import type { PollSettings } from '../../../../nodes/Kustomer/polling/settings';
import { occurrenceItem } from '../../../../nodes/Kustomer/polling/output';
import { simplifyEvent } from '../../../../nodes/Kustomer/shared/webhookEvents';
import type { JsonApiResource, KustomerClient } from '../../../../nodes/Kustomer/transport';
import { conversationResource } from '../../../helpers/kustomer';
import { conversationUpdate } from '../../../helpers/kustomerEvents';

const APP = 'https://acme.kustomerapp.com';

test("a conversation's update: the polling trigger's item has the webhook trigger's shape, its record the same fields", async () => {
	const webhook = simplifyEvent(conversationUpdate({ priority: { before: 3, after: 5 } }) as never);
	const record = conversationResource(undefined, { priority: 5 }) as unknown as JsonApiResource;
	// The webhook trigger (version 2) adds the record's page as the execution's first step (trigger/appLinks.ts).
	(webhook.resource as IDataObject).appUrl = recordAppUrl(record, APP);

	const settings = { event: findPollEvent('conversationUpdated'), patterns: [], messageDirection: 'any', includeMessages: false, simplify: true, maxRecords: 100, version: 2 } as unknown as PollSettings;
	const occurrence = { record, at: Date.parse(String(webhook.createdAt)), isCreate: false, changes: { priority: { before: 3, after: 5 } } };
	const { json } = await occurrenceItem({} as KustomerClient, occurrence, settings, APP);

	expect(Object.keys(json).sort()).toEqual(Object.keys(webhook).sort());
	expect(json).toMatchObject({ event: webhook.event, orgId: webhook.orgId, resourceType: webhook.resourceType, changes: webhook.changes });
	expect(json.resource).toEqual(webhook.resource);
});
