/**
 * Edits of what is already on a customer's timeline, and customer merges, as Kustomer's OpenAPI
 * file describes them:
 * - GET /v1/messages/{id}; POST /v1/messages/{id}/redactions (`preview` overwrites the message's
 *   text, or under the redactionPreview reading "masksText" is the text masked wherever the
 *   message has it; `attachments` names files of the message, at most 10, whose bytes are
 *   removed: their downloads answer 404 afterwards, and the attachment is flagged `redacted`),
 *   answered 201 with the redaction, its `preview` the message's text after it;
 * - GET, PATCH and DELETE /v1/notes/{id} (PATCH: given fields only; DELETE: 204, the note then
 *   found only by searches with includeDeleted);
 * - POST /v1/customers/merges `{ source, target }` (201), GET /v1/customers/merges/{id} and
 *   GET /v1/customers/{id}/merges. A merge follows the file's "Merge rules": emails, phones, tags
 *   and custom attributes joined (the target's win), the target's single values kept, the
 *   source's conversations and custom objects moved to the target, and the source deleted.
 *   Its status is "success" (the file's only example value) once `config.merges.runMs` has passed
 *   since it started (0 by default: at once), "running" before. A source already merged away is
 *   a 404, as any missing customer; merging a customer into itself is a 400.
 */
const { reading } = require('./readings');

/** The org's users and teams a note's mentions name must exist (as for a new note). */
function checkMentions(store, HttpError, mentions) {
	for (const [index, mention] of (mentions ?? []).entries()) {
		if (mention.user && !store.get('users', mention.user)) throw new HttpError(400, 'Bad Request', `user ${mention.user} does not exist`, `/userMentions/${index}/user`);
		if (mention.team && !store.get('teams', mention.team)) throw new HttpError(400, 'Bad Request', `team ${mention.team} does not exist`, `/userMentions/${index}/team`);
	}
}

/** Joins two lists of contacts by a key (an email, a phone): the target's first. */
function joined(target = [], source = [], key) {
	const seen = new Set(target.map((entry) => String(entry[key]).toLowerCase()));
	return [...target, ...source.filter((entry) => !seen.has(String(entry[key]).toLowerCase()))];
}

function createEdits({ store, HttpError, requireRecord, page, config, clock }) {
	const mergeStatus = (record) => (clock.now() >= record.attributes.doneAt ? 'success' : 'running');
	const renderMerge = (record) => {
		const { doneAt: _doneAt, ...attributes } = record.attributes;
		return { ...store.render('merges', record), attributes: { ...attributes, status: mergeStatus(record) }, links: { self: `/v1/customers/merges/${record.id}` } };
	};

	/** The message's text after a redaction with `preview`, by the redactionPreview reading. */
	function redactedText(text, preview) {
		if (reading(config(), 'redactionPreview') === 'replacesText') return preview;
		return preview ? String(text ?? '').split(preview).join('█'.repeat(preview.length)) : text;
	}

	function redact(messageId, body) {
		const message = requireRecord('messages', messageId, 'message');
		const own = new Set((message.relationships.attachments ?? []).map((entry) => entry.id));
		for (const [index, id] of (body.attachments ?? []).entries()) {
			if (!own.has(id)) throw new HttpError(400, 'Bad Request', `attachment ${id} is not one of message ${messageId}'s`, `/attachments/${index}`);
		}
		for (const id of body.attachments ?? []) {
			store.files.delete(id);
			const attachment = store.get('attachments', id);
			if (attachment) attachment.attributes.redacted = true;
		}
		if (body.preview !== undefined) store.update('messages', messageId, { preview: redactedText(message.attributes.preview, body.preview) });
		const related = (type, id) => ({ links: { self: `/v1/${type}s/${id}` }, data: { type, id } });
		const data = {
			type: 'message_redaction',
			id: store.newId(),
			attributes: { preview: message.attributes.preview, ...(body.meta ? { meta: body.meta } : {}) },
			relationships: {
				message: related('message', messageId),
				conversation: related('conversation', message.relationships.conversation.id),
				customer: related('customer', message.relationships.customer.id),
				...(body.attachments?.length ? { attachments: body.attachments.map((id) => related('attachment', id)) } : {}),
			},
		};
		return { status: 201, body: { data } };
	}

	/** Moves what the source customer had to the target, by the OpenAPI file's merge rules, and deletes the source. */
	function mergeInto(source, target) {
		const a = target.attributes;
		const b = source.attributes;
		store.update('customers', target.id, {
			emails: joined(a.emails, b.emails, 'email'),
			phones: joined(a.phones, b.phones, 'phone'),
			tags: [...new Set([...(a.tags ?? []), ...(b.tags ?? [])])],
			custom: { ...b.custom, ...a.custom },
			...(a.externalId === undefined && b.externalId !== undefined ? { externalId: b.externalId } : {}),
		});
		for (const collection of ['conversations', 'kobjects', 'messages', 'notes']) {
			for (const record of store.list(collection)) {
				if (record.relationships.customer?.id === source.id) record.relationships.customer = { type: 'customer', id: target.id };
			}
		}
		store.remove('customers', source.id);
	}

	function merge(body) {
		if (body.source === body.target) throw new HttpError(400, 'Bad Request', 'source and target must be different customers', '/source');
		const source = requireRecord('customers', body.source, 'customer');
		const target = requireRecord('customers', body.target, 'customer');
		mergeInto(source, target);
		const runMs = config().merges?.runMs ?? 0;
		const record = store.insert('merges', { doneAt: clock.now() + runMs }, { source: { type: 'customer', id: source.id }, target: { type: 'customer', id: target.id } });
		return { status: 201, body: { data: renderMerge(record) } };
	}

	return [
		['GET', /^\/v1\/messages\/([0-9a-f]{24})$/, 'message.read', ({ match }) => ({ status: 200, body: { data: store.render('messages', requireRecord('messages', match[1], 'message')) } })],
		['POST', /^\/v1\/messages\/([0-9a-f]{24})\/redactions$/, 'message_redaction.create', ({ match, body }) => redact(match[1], body)],
		['GET', /^\/v1\/notes\/([0-9a-f]{24})$/, 'note.read', ({ match }) => ({ status: 200, body: { data: store.render('notes', requireRecord('notes', match[1], 'note')) } })],
		[
			'PATCH',
			/^\/v1\/notes\/([0-9a-f]{24})$/,
			'note.update',
			({ match, body }) => {
				requireRecord('notes', match[1], 'note');
				checkMentions(store, HttpError, body.userMentions);
				return { status: 200, body: { data: store.render('notes', store.update('notes', match[1], body).record) } };
			},
		],
		[
			'DELETE',
			/^\/v1\/notes\/([0-9a-f]{24})$/,
			'note.delete',
			({ match }) => {
				requireRecord('notes', match[1], 'note');
				store.remove('notes', match[1]);
				return { status: 204 };
			},
		],
		['POST', /^\/v1\/customers\/merges$/, 'customer_merge.create', ({ body }) => merge(body)],
		['GET', /^\/v1\/customers\/merges\/([0-9a-f]{24})$/, 'customer_merge.create', ({ match }) => ({ status: 200, body: { data: renderMerge(requireRecord('merges', match[1], 'customer merge')) } })],
		[
			'GET',
			/^\/v1\/customers\/([0-9a-f]{24})\/merges$/,
			'customer_merge.read',
			({ match, url }) => {
				const involved = store.list('merges').filter((record) => [record.relationships.source.id, record.relationships.target.id].includes(match[1]));
				return page('merges', involved, url, 100, renderMerge);
			},
		],
	];
}

module.exports = { createEdits };
