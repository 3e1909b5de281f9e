export interface MultipartPart {
	name?: string;
	filename?: string;
	contentType?: string;
	data: Buffer;
}
/** Splits a multipart/form-data body into its parts, in order. */
export function parseMultipart(raw: Buffer, contentType: string | undefined): MultipartPart[] | undefined;
export function createFiles(context: Record<string, unknown>): unknown;
