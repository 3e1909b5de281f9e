/**
 * Attachments: the upload the node makes for a message's files (POST /v1/attachments, then the
 * presigned form, without the API key), and a conversation's attachment list.
 */
const { ROLES } = require('../package');

/** The small file the run uploads (to a message, and to the reply's draft). */
const FILE = Buffer.from('n8n conformance attachment\n');

/** Uploads a small file as Kustomer's attachment flow says, and records a message carrying it; answers the message. */
async function messageWithNewFile(ctx) {
	const conversation = await ctx.fixtures.conversation();
	const name = `n8n-conformance-${ctx.runId}.txt`;
	const made = ctx.expectStatus(await ctx.request('POST', '/v1/attachments', { body: { name, contentType: 'text/plain', contentLength: FILE.length } }), [200, 201], 'POST /v1/attachments');
	const upload = made?.meta?.upload;
	ctx.expect(typeof upload?.url === 'string' && upload.fields && typeof made?.data?.id === 'string', 'POST /v1/attachments answered no data.id or meta.upload { url, fields }');
	const form = new FormData();
	for (const [field, value] of Object.entries(upload.fields)) form.append(field, String(value));
	form.append('file', new Blob([FILE], { type: 'text/plain' }), name);
	// The storage's own address: no API key goes there.
	const stored = await fetch(upload.url, { method: 'POST', body: form });
	ctx.expect(stored.ok, `the upload to the presigned form answered ${stored.status}`);
	const attachment = { _id: made.data.id, name, contentType: 'text/plain', contentLength: FILE.length };
	const body = { channel: 'chat', app: 'n8n-conformance', direction: 'in', preview: ctx.fixtures.label('message with a file'), attachments: [attachment] };
	return { conversationId: conversation.id, message: await ctx.fixtures.create('message with a file', `/v1/conversations/${conversation.id}/messages`, body), bytes: FILE };
}

/** A recent message of the org that has files, or with --write the run's own; memoized. */
function messageWithFiles(ctx) {
	return ctx.fixtures.once('message with files', async () => await findMessageWithFiles(ctx));
}

async function findMessageWithFiles(ctx) {
	let made;
	const hasFiles = (message) => (message.relationships?.attachments?.data ?? []).length > 0 && !!message.relationships?.conversation?.data?.id;
	const message = await ctx.recentOrMade('message', hasFiles, async () => (made = await messageWithNewFile(ctx)).message, 'has files');
	return made ?? { conversationId: message.relationships.conversation.data.id, message };
}

const ATTACHMENT_CHECKS = [
	{
		id: 'attachments.list-ids',
		reading: 'attachmentListIds',
		checks: "GET /v1/conversations/{id}/attachments lists each file with its id (the OpenAPI schema requires it; its example has it only in links.self), name, type, size and a download link; with --write, a file is uploaded as the node uploads one",
		dependsOn: "Message → Get Many's attachment details and Download Attachments; Message → Create and Note → Create with files",
		roles: [...ROLES.attachmentRead, ...ROLES.search],
		async run(ctx) {
			const { conversationId, message } = await messageWithFiles(ctx);
			const body = ctx.expectStatus(await ctx.get(`/v1/conversations/${conversationId}/attachments`), [200], 'GET /v1/conversations/{id}/attachments');
			const listed = (body?.data ?? []).filter((item) => item?.relationships?.message?.data?.id === message.id || !item?.relationships?.message);
			ctx.expect(listed.length > 0, `message ${message.id}'s files are not in its conversation's list`);
			const withoutId = listed.find((item) => !item.id);
			ctx.expect(!withoutId, `an item has no id, only links.self ${withoutId?.links?.self} (the node reads the ID from there)`);
			const incomplete = listed.find((item) => typeof item.attributes?.name !== 'string' || typeof item.links?.related !== 'string');
			ctx.expect(!incomplete, `item ${incomplete?.id} lacks attributes.name or links.related`);
			return `${listed.length} file(s) of message ${message.id}, each with id, name and download link`;
		},
	},
	{
		id: 'attachments.download',
		checks: 'GET /v1/messages/{message}/attachments/{id} answers a download link (links.related) that serves the file without the API key',
		dependsOn: "Message → Get Many's Download Attachments",
		roles: [...ROLES.attachmentRead, ...ROLES.search],
		async run(ctx) {
			const { message, bytes } = await messageWithFiles(ctx);
			const id = message.relationships?.attachments?.data?.[0]?.id;
			const body = ctx.expectStatus(await ctx.get(`/v1/messages/${message.id}/attachments/${id}`), [200], 'GET /v1/messages/{message}/attachments/{id}');
			const link = body?.data?.links?.related;
			ctx.expect(typeof link === 'string', `attachment ${id} has no links.related`);
			// The storage's own address: no API key goes there.
			const file = await fetch(link);
			const received = Buffer.from(await file.arrayBuffer());
			ctx.expect(file.ok, `the download link answered ${file.status}`);
			ctx.expect(!bytes || received.equals(bytes), `the download served ${received.length} bytes, not the ${bytes?.length} uploaded`);
			return `attachment ${id}: ${received.length} bytes${bytes ? ', as uploaded' : ''}`;
		},
	},
];

module.exports = { ATTACHMENT_CHECKS, FILE };
