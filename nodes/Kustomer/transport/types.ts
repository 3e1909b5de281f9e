import type { IDataObject } from 'n8n-workflow';

/** A relationship of a JSON:API resource: a single reference, a list, or links only. */
export interface JsonApiRelationship {
	data?: { type?: string; id: string } | Array<{ type?: string; id: string }> | null;
	links?: IDataObject;
}

/** One Kustomer record as the API returns it. */
export interface JsonApiResource {
	type: string;
	id: string;
	attributes?: IDataObject;
	relationships?: Record<string, JsonApiRelationship>;
	links?: IDataObject;
}

/** A Kustomer response document: one record or a page of records. */
export interface JsonApiDocument {
	data?: JsonApiResource | JsonApiResource[] | null;
	meta?: IDataObject;
	links?: { self?: string; first?: string; prev?: string | null; next?: string | null; last?: string };
}
