import { randomBytes } from 'crypto';
import type { IBinaryData, IDataObject, IExecuteFunctions, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';
import { BINARY_ENCODING, NodeOperationError } from 'n8n-workflow';

import { fieldLabel } from './fields';
import { ROLES } from './roles';
import { commaList, InputProblem } from './validation';
import type { JsonApiDocument, KustomerClient } from '../transport';
import { isKustomerStorage, originOf } from '../transport';

type BinaryStream = Awaited<ReturnType<IExecuteFunctions['helpers']['getBinaryStream']>>;

/**
 * Kustomer documents no size limit for attachments. Files go to S3 through a presigned upload;
 * the node refuses files over 25 MB (Gmail's limit for an email, the largest of the common
 * email providers') and empty ones, before anything is sent.
 */
const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;

/**
 * File name extensions Kustomer refuses as attachments ("Blocked extensions", Kustomer's API
 * reference for media uploads: developer.kustomer.com/kustomer-api-docs/reference/createmedia).
 */
const BLOCKED_EXTENSIONS = new Set(
	'bin bat chm com cpl crt exe hlp hta inf ins isp jse lnk mdb msc msi msp mst pcd pif ps1 reg scr sct shs vbe vba vbs wsf wsh wsl'.split(' '),
);

const UPLOAD_TIMEOUT_MS = 5 * 60_000;

/**
 * Files one run holds in memory at once (read for an upload, or downloaded), whatever Max
 * Parallel Requests says: 32 items of 25 MB at once would be 800 MB.
 */
export const FILES_IN_MEMORY = 4;
/** Max Download Size when not set: a file from Kustomer bigger than this fails its item instead of filling memory. */
export const DEFAULT_MAX_DOWNLOAD_MB = 50;

/** A file from an item's binary property, checked and ready to upload. */
export interface FileInput {
	property: string;
	name: string;
	contentType: string;
	size: number;
	binary: IBinaryData;
}

/** How a message, note or draft refers to an uploaded attachment. */
export interface AttachmentRef extends IDataObject {
	_id: string;
	name: string;
	contentType: string;
	contentLength: number;
}

/** The Attachments field: binary properties of the input item, for Additional Fields. */
export const attachmentsField: INodeProperties = {
	displayName: 'Attachments (Binary Properties)',
	name: 'attachments',
	type: 'string',
	default: '',
	placeholder: 'e.g. data, invoice',
	description:
		'Names of the input item\'s binary properties to attach, comma-separated (files read by n8n, e.g. by Read/Write Files from Disk or an HTTP Request). At most 25 MB each.',
};

/** The size of a stored binary in bytes, without reading it when n8n knows it. */
async function sizeOf(context: IExecuteFunctions, binary: IBinaryData): Promise<number> {
	if (typeof binary.bytes === 'number') return binary.bytes;
	if (binary.id) return (await context.helpers.getBinaryMetadata(binary.id)).fileSize;
	const data = binary.data ?? '';
	return Math.floor((data.length * 3) / 4) - (data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0);
}

function extensionOf(name: string): string {
	const dot = name.lastIndexOf('.');
	return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/** The binary property names of the Attachments field, each once. */
function propertyNames(value: unknown): string[] {
	return [...new Set(commaList(value))];
}

/** Why a file cannot be attached, if it cannot: checked in this order, the channel's own rules last. */
function fileProblem(file: FileInput, check?: (file: FileInput) => string | undefined): string | undefined {
	if (file.size === 0) return 'is empty';
	if (file.size > MAX_ATTACHMENT_BYTES) {
		return `is ${(file.size / 1024 / 1024).toFixed(1)} MB; attachments may be at most ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`;
	}
	const extension = extensionOf(file.name);
	if (BLOCKED_EXTENSIONS.has(extension)) return `is a .${extension} file, a type Kustomer blocks`;
	return check?.(file);
}

/**
 * The files an item attaches, read from its binary properties and checked: present, not
 * empty, within the size limit, not a blocked type, and whatever `check` adds (a channel's
 * rules). Nothing is read from the binary store but its size.
 */
export async function readFiles(
	context: IExecuteFunctions,
	itemIndex: number,
	value: unknown,
	check?: (file: FileInput) => string | undefined,
): Promise<FileInput[]> {
	const binaries = context.getInputData()[itemIndex]?.binary ?? {};
	const files: FileInput[] = [];
	for (const property of propertyNames(value)) {
		const binary = binaries[property];
		if (!binary) {
			const present = Object.keys(binaries);
			throw new InputProblem(
				`${fieldLabel(attachmentsField)}: binary property "${property}"`,
				`is not on this item (${present.length ? `it has: ${present.join(', ')}` : 'it has no binary data'}); read the file into the item first`,
			);
		}
		const name = binary.fileName || `${property}${binary.fileExtension ? `.${binary.fileExtension}` : ''}`;
		const file = { property, name, contentType: binary.mimeType || 'application/octet-stream', size: await sizeOf(context, binary), binary };
		const problem = fileProblem(file, check);
		if (problem) throw new InputProblem(`${fieldLabel(attachmentsField)}: file "${name}" (binary property "${property}")`, problem);
		files.push(file);
	}
	return files;
}

/** The files a run holds in memory at once: at most FILES_IN_MEMORY, the rest wait their turn. */
class FileSlots {
	private free = FILES_IN_MEMORY;
	private readonly waiting: Array<() => void> = [];

	async hold<T>(work: () => Promise<T>): Promise<T> {
		if (this.free > 0) this.free--;
		else await new Promise<void>((resolve) => this.waiting.push(resolve));
		try {
			return await work();
		} finally {
			const next = this.waiting.shift();
			if (next) next();
			else this.free++;
		}
	}
}

/** Per client (one node run): its file slots. */
const slotsOf = new WeakMap<KustomerClient, FileSlots>();

/** Runs work that holds a file in memory, when one of the run's few file slots is free. */
async function holdingFile<T>(client: KustomerClient, work: () => Promise<T>): Promise<T> {
	let slots = slotsOf.get(client);
	if (!slots) {
		slots = new FileSlots();
		slotsOf.set(client, slots);
	}
	return await slots.hold(work);
}

function sizeMismatch(context: IExecuteFunctions, file: FileInput, more: boolean, itemIndex: number): NodeOperationError {
	return new NodeOperationError(context.getNode(), `The file "${file.name}" holds ${more ? 'more' : 'fewer'} bytes than its binary data says (${file.size}) [item ${itemIndex}]`, {
		itemIndex,
		description: `Nothing was uploaded: Kustomer was told ${file.size} bytes and would refuse, or cut, a file of another size. Read the file into the item again (binary property "${file.property}").`,
	});
}

/**
 * Reads the file's bytes straight into `target` from `offset`: from n8n's binary store
 * (filesystem, S3) as a stream, or decoded from the item itself, so the file is held once.
 * The bytes are counted: exactly the declared size, or an error naming the file.
 */
async function readInto(context: IExecuteFunctions, file: FileInput, target: Buffer, offset: number, itemIndex: number): Promise<void> {
	if (!file.binary.id) {
		const size = Buffer.byteLength(file.binary.data, BINARY_ENCODING);
		if (size !== file.size) throw sizeMismatch(context, file, size > file.size, itemIndex);
		target.write(file.binary.data, offset, BINARY_ENCODING);
		return;
	}
	const stream = await context.helpers.getBinaryStream(file.binary.id);
	let read = 0;
	for await (const data of stream) {
		const chunk = Buffer.isBuffer(data) ? data : Buffer.from(data as string);
		if (read + chunk.length > file.size) {
			stream.destroy();
			throw sizeMismatch(context, file, true, itemIndex);
		}
		chunk.copy(target, offset + read);
		read += chunk.length;
	}
	if (read !== file.size) throw sizeMismatch(context, file, false, itemIndex);
}

/** A form field's name or file name inside a multipart header. */
function headerValue(text: string): string {
	return text.replace(/[\r\n]/g, ' ').replace(/"/g, '%22');
}

/**
 * S3's presigned POST as Kustomer describes it: every field of meta.upload.fields verbatim, in
 * order, then the file last as "file". A community node may import neither `stream` nor
 * `form-data`, so the body is one buffer, sized for the file, which is read straight into it
 * (readInto): the file is in memory once.
 */
async function multipartBody(context: IExecuteFunctions, fields: IDataObject, file: FileInput, itemIndex: number): Promise<{ body: Buffer; contentType: string }> {
	const boundary = `----n8nKustomer${randomBytes(12).toString('hex')}`;
	const fieldParts = Object.entries(fields).map(
		([key, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${headerValue(key)}"\r\n\r\n${String(value)}\r\n`,
	);
	const head = Buffer.from(
		`${fieldParts.join('')}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${headerValue(file.name)}"\r\nContent-Type: ${file.contentType}\r\n\r\n`,
	);
	const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
	const body = Buffer.allocUnsafe(head.length + file.size + tail.length);
	head.copy(body, 0);
	await readInto(context, file, body, head.length, itemIndex);
	tail.copy(body, head.length + file.size);
	return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

/**
 * A request to a pre-signed storage address: answered in full whatever the status, with the
 * upload timeout, and cancelled with the execution.
 */
async function storageRequest<T>(context: IExecuteFunctions, options: IHttpRequestOptions): Promise<T> {
	return (await context.helpers.httpRequest({
		...options,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: UPLOAD_TIMEOUT_MS,
		abortSignal: context.getExecutionCancelSignal?.(),
	})) as T;
}

/**
 * Sends a file to the address Kustomer gave. It is S3's, not Kustomer's API: sent with n8n's
 * plain request helper, so the API key never goes with it.
 */
async function sendToStorage(context: IExecuteFunctions, file: FileInput, request: IHttpRequestOptions, itemIndex: number): Promise<void> {
	let status: number;
	let detail = '';
	try {
		const response = await storageRequest<{ statusCode: number; body: unknown }>(context, request);
		status = response.statusCode;
		detail = /<Message>([^<]*)<\/Message>/.exec(String(response.body ?? ''))?.[1] ?? '';
	} catch (error) {
		status = 0;
		detail = (error as Error).message;
	}
	if (status >= 200 && status < 300) return;
	throw new NodeOperationError(context.getNode(), `Uploading "${file.name}" to Kustomer's file storage failed${status ? ` (${status})` : ''} [item ${itemIndex}]`, {
		itemIndex,
		description: `${detail ? `The storage said: ${detail}. ` : ''}Nothing that refers to the file was created; run the item again.`,
	});
}

function uploadTarget(document: JsonApiDocument | undefined): { id?: string; url?: string; fields?: IDataObject; related?: string } {
	const data = (document?.data && !Array.isArray(document.data) ? document.data : undefined) as IDataObject | undefined;
	const upload = ((document?.meta as IDataObject | undefined)?.upload ?? {}) as IDataObject;
	const links = (data?.links ?? {}) as IDataObject;
	return {
		id: typeof data?.id === 'string' ? data.id : undefined,
		url: typeof upload.url === 'string' ? upload.url : undefined,
		fields: upload.fields as IDataObject | undefined,
		related: typeof links.related === 'string' ? links.related : undefined,
	};
}

/**
 * A storage address from Kustomer's answer, before anything is sent to it or fetched from it:
 * Kustomer's file storage over https, or the credential's own host (see isKustomerStorage).
 */
async function checkStorageAddress(client: KustomerClient, url: string, what: 'upload' | 'download', name: string, itemIndex: number): Promise<void> {
	if (isKustomerStorage(url, await client.apiOrigin())) return;
	throw new NodeOperationError(client.node, `Kustomer gave ${what === 'upload' ? 'an upload' : 'a download'} address for "${name}" that is not its file storage: ${originOf(url)} [item ${itemIndex}]`, {
		itemIndex,
		description:
			"Nothing was sent to it or read from it. Kustomer keeps files in its S3 storage (https://…amazonaws.com), so the address in its answer was not one of its own. Run the item again; if it persists, report it.",
	});
}

function missingUpload(context: IExecuteFunctions, file: FileInput, itemIndex: number): NodeOperationError {
	return new NodeOperationError(context.getNode(), `Kustomer gave no upload address for "${file.name}" [item ${itemIndex}]`, {
		itemIndex,
		description: 'The attachment record came back without meta.upload / links.related. Run the item again; if it persists, report it.',
	});
}

/**
 * Kustomer's attachment flow for messages and notes: create the attachment record
 * (POST /v1/attachments), upload the bytes to the presigned address it returns, and answer
 * the references to put in the message's or note's `attachments`.
 */
export async function uploadAttachments(
	context: IExecuteFunctions,
	client: KustomerClient,
	files: FileInput[],
	itemIndex: number,
	roles: readonly string[],
): Promise<AttachmentRef[]> {
	const refs: AttachmentRef[] = [];
	for (const file of files) {
		const document = await client.request({
			method: 'POST',
			path: '/v1/attachments',
			body: { name: file.name, contentType: file.contentType, contentLength: file.size },
			itemIndex,
			roles,
			// A repeated create leaves an unused attachment record nobody sees, not a second attachment.
			retryable: true,
		});
		const target = uploadTarget(document);
		if (!target.id || !target.url || !target.fields) throw missingUpload(context, file, itemIndex);
		await checkStorageAddress(client, target.url, 'upload', file.name, itemIndex);
		const { url, fields } = target;
		await holdingFile(client, async () => {
			const { body, contentType } = await multipartBody(context, fields, file, itemIndex);
			await sendToStorage(context, file, { method: 'POST', url, body, headers: { 'Content-Type': contentType } }, itemIndex);
		});
		refs.push({ _id: target.id, name: file.name, contentType: file.contentType, contentLength: file.size });
	}
	return refs;
}

/**
 * Kustomer's attachment flow for drafts: POST /v1/drafts/{id}/attachments answers a presigned
 * address (links.related) to PUT the raw bytes to, streamed from n8n's binary store.
 */
export async function uploadDraftAttachments(
	context: IExecuteFunctions,
	client: KustomerClient,
	draftId: string,
	files: FileInput[],
	itemIndex: number,
): Promise<void> {
	for (const file of files) {
		const document = await client.request({
			method: 'POST',
			path: `/v1/drafts/${draftId}/attachments`,
			body: { name: file.name, contentType: file.contentType, contentLength: file.size },
			itemIndex,
			roles: ROLES.draftCreate,
			notFoundMessage: `Kustomer found no draft ${draftId} to attach "${file.name}" to`,
		});
		const target = uploadTarget(document);
		if (!target.related) throw missingUpload(context, file, itemIndex);
		await checkStorageAddress(client, target.related, 'upload', file.name, itemIndex);
		const url = target.related;
		await holdingFile(client, async () => {
			const body = Buffer.allocUnsafe(file.size);
			await readInto(context, file, body, 0, itemIndex);
			const headers = { 'Content-Type': file.contentType, 'Content-Length': String(file.size) };
			await sendToStorage(context, file, { method: 'PUT', url, body, headers }, itemIndex);
		});
	}
}

/** The Max Download Size option, for operations that download files (Message → Get Many). */
export const maxDownloadSizeField: INodeProperties = {
	displayName: 'Max Download Size (MB)',
	name: 'maxDownloadSizeMb',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 1024 },
	default: DEFAULT_MAX_DOWNLOAD_MB,
	description: `The largest file to download; a larger one fails its item instead of filling n8n's memory (default ${DEFAULT_MAX_DOWNLOAD_MB} MB)`,
};

function tooLargeToDownload(context: IExecuteFunctions, name: string, maxBytes: number, itemIndex: number): NodeOperationError {
	return new NodeOperationError(context.getNode(), `The file "${name}" is larger than Max Download Size (${maxBytes / 1024 / 1024} MB) [item ${itemIndex}]`, {
		itemIndex,
		description: 'Raise Max Download Size under Options if the file is expected; nothing was stored.',
	});
}

/**
 * A download's bytes, counted as they come: at most `maxBytes`, and exactly the length the
 * storage announced when it announced one (read into one buffer of that size).
 */
async function readDownload(context: IExecuteFunctions, response: { headers?: IDataObject; body: BinaryStream }, name: string, maxBytes: number, itemIndex: number): Promise<Buffer> {
	const announced = Number(response.headers?.['content-length']);
	const stream = response.body;
	const tooLarge = () => {
		stream.destroy();
		return tooLargeToDownload(context, name, maxBytes, itemIndex);
	};
	if (Number.isFinite(announced) && announced > maxBytes) throw tooLarge();
	const chunks: Buffer[] = [];
	let read = 0;
	for await (const data of stream) {
		const chunk = Buffer.isBuffer(data) ? data : Buffer.from(data as string);
		read += chunk.length;
		if (read > maxBytes) throw tooLarge();
		chunks.push(chunk);
	}
	return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, read);
}

/**
 * Downloads a file from the presigned address Kustomer gives (no API key), into n8n's binary
 * store: at most `maxBytes`, counted as it is read, holding one of the run's file slots.
 */
export async function downloadFile(
	context: IExecuteFunctions,
	client: KustomerClient,
	url: string,
	file: { name: string; contentType?: string; maxBytes?: number },
	itemIndex: number,
): Promise<IBinaryData> {
	const { name, contentType, maxBytes = DEFAULT_MAX_DOWNLOAD_MB * 1024 * 1024 } = file;
	await checkStorageAddress(client, url, 'download', name, itemIndex);
	return await holdingFile(client, async () => {
		const response = await storageRequest<{ statusCode: number; headers?: IDataObject; body: BinaryStream }>(context, { method: 'GET', url, encoding: 'stream' });
		if (response.statusCode < 200 || response.statusCode >= 300) {
			response.body?.resume?.();
			throw new NodeOperationError(context.getNode(), `Downloading "${name}" from Kustomer failed (${response.statusCode}) [item ${itemIndex}]`, {
				itemIndex,
				description: "Kustomer's download addresses expire after 10 minutes; run the node again.",
			});
		}
		return await context.helpers.prepareBinaryData(await readDownload(context, response, name, maxBytes, itemIndex), name, contentType);
	});
}
