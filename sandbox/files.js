/**
 * Attachments as Kustomer keeps them: an attachment record made through the API, the bytes
 * uploaded to a separate storage address (S3 in Kustomer) that takes NO API key, and presigned
 * download addresses valid for 10 minutes.
 *
 * - POST /v1/attachments answers `meta.upload { url, fields }`: a presigned POST form (fields
 *   verbatim, then the file last as "file"), as in Kustomer's OpenAPI description.
 * - POST /v1/drafts/{id}/attachments answers `links.related`: a presigned PUT of the raw bytes
 *   (`curl --upload-file`), as Kustomer documents for drafts.
 * - The storage refuses a request that carries an Authorization header, as S3 does for a
 *   presigned request ("Only one auth mechanism allowed"): a client that sends its Kustomer
 *   key there fails here.
 */
const crypto = require('crypto');

const DOWNLOAD_TTL_SECONDS = 600;
const UPLOAD_TTL_SECONDS = 3600;

function xmlError(status, code, message) {
	return {
		status,
		headers: { 'Content-Type': 'application/xml' },
		raw: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`,
	};
}

/** Splits a multipart/form-data body into its parts, in order: { name, filename, contentType, data }. */
function parseMultipart(raw, contentType) {
	const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
	if (!boundary) return undefined;
	const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
	const parts = [];
	let start = raw.indexOf(delimiter);
	while (start !== -1) {
		const next = raw.indexOf(delimiter, start + delimiter.length);
		if (next === -1) break;
		const chunk = raw.subarray(start + delimiter.length + 2, next - 2);
		const headerEnd = chunk.indexOf('\r\n\r\n');
		const headers = chunk.subarray(0, headerEnd).toString('utf8');
		const disposition = /name="([^"]*)"(?:; filename="([^"]*)")?/.exec(headers) ?? [];
		parts.push({
			name: disposition[1],
			filename: disposition[2],
			contentType: /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1],
			data: chunk.subarray(headerEnd + 4),
		});
		start = next;
	}
	return parts;
}

function createFiles({ store, HttpError, readingOf, clock }) {
	const secret = crypto.randomBytes(16).toString('hex');
	const sign = (text) => crypto.createHmac('sha256', secret).update(text).digest('hex');
	const amzDate = (ms) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');

	/** A presigned address: the method, the attachment and the time are signed. */
	function presign(origin, method, id, ttl) {
		const date = amzDate(clock.now());
		const signature = sign(`${method}:${id}:${date}:${ttl}`);
		const path = method === 'GET' ? 'get' : 'put';
		return `${origin}/storage/${path}/${id}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=${date}&X-Amz-Expires=${ttl}&X-Amz-Signature=${signature}`;
	}

	function checkPresigned(method, id, url) {
		const date = url.searchParams.get('X-Amz-Date') ?? '';
		const ttl = Number(url.searchParams.get('X-Amz-Expires'));
		if (url.searchParams.get('X-Amz-Signature') !== sign(`${method}:${id}:${date}:${ttl}`)) {
			return xmlError(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
		}
		const issued = Date.parse(date.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));
		if (clock.now() > issued + ttl * 1000) return xmlError(403, 'AccessDenied', 'Request has expired');
		return undefined;
	}

	/** A new attachment record, owned by a draft or, once linked, by a message or note. */
	function createRecord(body, owner) {
		return store.insert('attachments', { name: body.name, contentType: body.contentType, contentLength: body.contentLength, uploaded: false, redacted: false }, owner ?? {});
	}

	function render(origin, record) {
		const data = store.render('attachments', record);
		data.links.self = `/v1/attachments/${record.id}`;
		if (record.attributes.uploaded) data.links.related = presign(origin, 'GET', record.id, DOWNLOAD_TTL_SECONDS);
		return data;
	}

	/**
	 * An attachment as a conversation's list shows it: under the attachmentListIds reading
	 * "linksSelfOnly", as the OpenAPI example of GET /conversations/{id}/attachments has it, with
	 * no `id` and links.self /v1/messages/<message>/attachments/<attachment>.
	 */
	function listItem(origin, record) {
		const data = render(origin, record);
		if (readingOf?.('attachmentListIds') !== 'linksSelfOnly') return data;
		const owner = record.relationships.message ? `messages/${record.relationships.message.id}` : `notes/${record.relationships.note?.id}`;
		const { id: _id, ...withoutId } = data;
		return { ...withoutId, links: { ...data.links, self: `/v1/${owner}/attachments/${record.id}` } };
	}

	/** The presigned POST form for POST /v1/attachments, with the size pinned as S3 policies pin it. */
	function uploadForm(origin, record) {
		const { contentLength, contentType, name } = record.attributes;
		const key = `attachments/${record.id}/${name}`;
		const policy = Buffer.from(
			JSON.stringify({
				expiration: new Date(clock.now() + UPLOAD_TTL_SECONDS * 1000).toISOString(),
				conditions: [{ bucket: 'sandbox-attachments' }, { key }, ['content-length-range', contentLength, contentLength], { 'x-amz-meta-attachment-id': record.id }],
			}),
		).toString('base64');
		return {
			url: `${origin}/storage/upload`,
			fields: {
				key,
				acl: 'private',
				'Content-Type': contentType,
				'X-Amz-Meta-Attachment-Id': record.id,
				bucket: 'sandbox-attachments',
				'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
				'X-Amz-Credential': 'SANDBOX/20260101/us-east-1/s3/aws4_request',
				'X-Amz-Date': amzDate(clock.now()),
				Policy: policy,
				'X-Amz-Signature': sign(policy),
			},
		};
	}

	function storeBytes(record, data) {
		if (data.length !== record.attributes.contentLength) {
			return xmlError(400, 'EntityTooLarge', `Your proposed upload is ${data.length} bytes; the attachment record says ${record.attributes.contentLength}`);
		}
		store.files.set(record.id, data);
		record.attributes.uploaded = true;
		return undefined;
	}

	function formUpload(request, raw) {
		const parts = parseMultipart(raw, request.headers['content-type']);
		if (!parts?.length) return xmlError(400, 'MalformedPOSTRequest', 'The body of your POST request is not well-formed multipart/form-data.');
		const file = parts[parts.length - 1];
		if (file.name !== 'file' || parts.slice(0, -1).some((part) => part.name === 'file')) {
			return xmlError(400, 'InvalidArgument', 'The file must be the last field, named "file"');
		}
		const fields = Object.fromEntries(parts.slice(0, -1).map((part) => [part.name, part.data.toString('utf8')]));
		if (!fields.Policy || fields['X-Amz-Signature'] !== sign(fields.Policy)) return xmlError(403, 'SignatureDoesNotMatch', 'Invalid according to Policy: Policy Signature does not match');
		const policy = JSON.parse(Buffer.from(fields.Policy, 'base64').toString('utf8'));
		if (Date.parse(policy.expiration) < clock.now()) return xmlError(403, 'AccessDenied', 'Invalid according to Policy: Policy expired.');
		const record = store.get('attachments', fields['X-Amz-Meta-Attachment-Id']);
		if (!record || fields.key !== `attachments/${record.id}/${record.attributes.name}`) return xmlError(403, 'AccessDenied', 'Invalid according to Policy: Policy Condition failed: key');
		return storeBytes(record, file.data) ?? { status: 204 };
	}

	/** The storage: the presigned upload and download addresses. Takes no API key. */
	function storage(method, url, request, raw) {
		if (request.headers.authorization) {
			return xmlError(400, 'InvalidArgument', 'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified');
		}
		if (method === 'POST' && url.pathname === '/storage/upload') return formUpload(request, raw);
		const match = /^\/storage\/(put|get)\/([0-9a-f]{24})$/.exec(url.pathname);
		const record = match && store.get('attachments', match[2]);
		if (!record) return xmlError(404, 'NoSuchKey', 'The specified key does not exist.');
		if (method === 'PUT' && match[1] === 'put') return checkPresigned('PUT', record.id, url) ?? storeBytes(record, raw) ?? { status: 200, headers: { ETag: `"${record.id}"` }, raw: '' };
		if (method === 'GET' && match[1] === 'get') {
			const denied = checkPresigned('GET', record.id, url);
			if (denied) return denied;
			if (!store.files.has(record.id)) return xmlError(404, 'NoSuchKey', 'The specified key does not exist.');
			return { status: 200, headers: { 'Content-Type': record.attributes.contentType }, raw: store.files.get(record.id) };
		}
		return xmlError(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
	}

	/**
	 * Links attachments given in a message or note body to it: each must exist and be uploaded.
	 * Answers the relationship list.
	 */
	function link(refs, owner) {
		return (refs ?? []).map((ref, index) => {
			const id = typeof ref === 'string' ? ref : ref._id;
			const record = store.get('attachments', id);
			if (!record) throw new HttpError(400, 'Bad Request', `attachment ${id} does not exist`, `/attachments/${index}`);
			if (!record.attributes.uploaded) throw new HttpError(400, 'Bad Request', `attachment ${id} has not been uploaded`, `/attachments/${index}`);
			record.relationships = { ...record.relationships, [owner.type]: owner };
			return { type: 'attachment', id };
		});
	}

	const one = (origin, record, status) => ({ status, body: { data: render(origin, record) } });

	function routes({ requireRecord, page }) {
		return [
			[
				'POST',
				/^\/v1\/attachments$/,
				'message.create',
				({ body, origin }) => {
					const record = createRecord(body);
					return { status: 201, body: { data: render(origin, record), meta: { upload: uploadForm(origin, record) } } };
				},
			],
			['GET', /^\/v1\/attachments\/([0-9a-f]{24})$/, 'attachment.read', ({ match, origin }) => one(origin, requireRecord('attachments', match[1], 'attachment'), 200)],
			[
				'GET',
				/^\/v1\/messages\/([0-9a-f]{24})\/attachments\/([0-9a-f]{24})$/,
				'attachment.read',
				({ match, origin }) => {
					const record = requireRecord('attachments', match[2], 'attachment');
					if (record.relationships.message?.id !== match[1]) throw new HttpError(404, 'Not Found', `attachment ${match[2]} is not on message ${match[1]}`);
					return one(origin, record, 200);
				},
			],
			[
				'GET',
				/^\/v1\/conversations\/([0-9a-f]{24})\/attachments$/,
				'attachment.read',
				({ match, url, origin }) => {
					requireRecord('conversations', match[1], 'conversation');
					const owners = new Set(
						[...store.list('messages'), ...store.list('notes')].filter((entry) => entry.relationships.conversation?.id === match[1]).map((entry) => entry.id),
					);
					const records = store.list('attachments').filter((entry) => owners.has(entry.relationships.message?.id ?? entry.relationships.note?.id));
					return page('attachments', records, url, undefined, (record) => listItem(origin, record));
				},
			],
			[
				'POST',
				/^\/v1\/drafts\/([0-9a-f]{24})\/attachments$/,
				null,
				({ match, body, origin }) => {
					const draft = requireRecord('drafts', match[1], 'draft');
					const record = createRecord(body, { draft: { type: 'draft', id: draft.id } });
					const data = render(origin, record);
					data.links.related = presign(origin, 'PUT', record.id, UPLOAD_TTL_SECONDS);
					return { status: 200, body: { data } };
				},
			],
		];
	}

	return { storage, link, routes };
}

module.exports = { createFiles, parseMultipart };
