import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { fieldCollection, fieldLabels, labelOf, simplifyField } from '../../shared/fields';
import { ROLES } from '../../shared/roles';
import { clearableText, optionalDateTime, optionalText, parseInput } from '../../shared/validation';
import type { TimelineUpdate } from '../timelineEdit';
import { readTimelineId, requireChanges, timelineIdField, timelineUpdateWork } from '../timelineEdit';
import { defineOperation } from '../types';

const messageIdField = timelineIdField('messages', "The message to change: its ID, as a conversation's Get Many Messages outputs it");

/** PATCH /messages/{id}'s fields a workflow corrects (OpenAPI): `preview` is the message's text. */
const updateFields = fieldCollection('updateFields', 'Update Fields', [
	{ displayName: 'Body', name: 'preview', type: 'string', typeOptions: { rows: 4 }, default: '', description: 'The message text (at most 10,240 characters). To remove sensitive text for good, use Message → Redact instead.' },
	{ displayName: 'External ID', name: 'externalId', type: 'string', default: '', description: 'Your own unique ID for the message; added but left empty, it is cleared' },
	{ displayName: 'Language', name: 'lang', type: 'string', default: '', placeholder: 'e.g. en', description: 'The language of the message text; added but left empty, it is cleared' },
	{ displayName: 'Sent At', name: 'sentAt', type: 'dateTime', default: '', description: "When the message was sent. A time without a UTC offset is read in the workflow's time zone." },
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		default: 'received',
		options: [
			{ name: 'Error', value: 'error' },
			{ name: 'Received', value: 'received' },
			{ name: 'Sent', value: 'sent' },
		],
		description: "The message's delivery status as Kustomer records it",
	},
	{ displayName: 'Subject', name: 'subject', type: 'string', default: '', description: 'The subject (at most 256 characters); added but left empty, it is cleared' },
]);

const description: INodeProperties[] = [messageIdField, updateFields, simplifyField()];

const STATUSES = ['sent', 'received', 'error'] as const;

const schema = z
	.object({
		preview: optionalText(10_240),
		externalId: clearableText(256),
		lang: clearableText(100),
		sentAt: optionalDateTime(),
		status: z.enum(STATUSES, { errorMap: () => ({ message: `must be one of ${STATUSES.join(', ')}` }) }).optional(),
		subject: clearableText(256),
	})
	.strict();

const LABELS = fieldLabels(description);

/** The update's fields as PATCH /messages/{id} takes them, checked; absent fields are not sent. */
function readUpdate(fields: IDataObject, timeZone: string): IDataObject {
	const parsed = parseInput(schema.extend({ sentAt: optionalDateTime(timeZone) }), fields, LABELS);
	const body = Object.fromEntries(Object.entries(parsed).filter(([, value]) => value !== undefined)) as IDataObject;
	requireChanges(body, labelOf(description, 'updateFields'), 'Body, Subject or Status');
	return body;
}

export const updateMessage = defineOperation<TimelineUpdate>({
	option: {
		name: 'Update',
		value: 'update',
		action: 'Update a recorded message',
		description: "Correct a message's text, subject, status, sent time, language or external ID",
	},
	roles: ROLES.messageUpdate,
	// Only the given fields are sent: a second run sets the same values.
	effect: 'write',
	idempotent: true,
	docs: { runTwice: 'Only the given fields are sent, so the second run sets the same values.' },
	description,
	prepare(itemIndex) {
		const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
		return { id: readTimelineId(this, itemIndex, messageIdField), body: readUpdate(fields, this.getTimezone()) };
	},
	...timelineUpdateWork('messages', ROLES.messageUpdate),
});
