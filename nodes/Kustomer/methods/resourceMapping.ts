import type { IDataObject, ILoadOptionsFunctions, ResourceMapperFields } from 'n8n-workflow';

import { RESOURCES } from '../actions';
import { fieldsFromMetadata } from '../shared/attributeMapper';
import { ROLES } from '../shared/roles';
import type { JsonApiDocument } from '../transport';
import { asNodeError, KustomerClient } from '../transport';

/** The metadata resource of the record type the node writes (its kind's metadataName): customer, conversation, kobject.<klass>. */
function metadataResource(context: ILoadOptionsFunctions): string | undefined {
	const resource = context.getCurrentNodeParameter('resource') as string | undefined;
	const kind = RESOURCES.find(({ value }) => value === resource)?.record;
	return kind?.metadataName?.((name) => context.getCurrentNodeParameter(name));
}

const UNREADABLE: Record<string, string> = {
	'401': 'the API key may not read custom attribute definitions (it needs the org.permission.metadata.read role)',
	'403': 'the API key may not read custom attribute definitions (it needs the org.permission.metadata.read role)',
	'404': 'Kustomer has no custom attribute definitions for this record type',
};

const ROWS_HINT = 'Set attributes under Additional Fields → Custom Attributes by Name instead.';

/**
 * The typed mapper's fields: the custom attributes the org defined for the record type, from
 * GET /v1/metadata/{resource}. A key without the metadata role gets a notice pointing to the
 * name/value rows instead of an error.
 */
export async function getCustomAttributeFields(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	const resource = metadataResource(this);
	if (!resource) return { fields: [], emptyFieldsNotice: 'Choose the Custom Object Type first.' };
	let document: JsonApiDocument | undefined;
	try {
		document = await new KustomerClient(this).request({
			method: 'GET',
			path: `/v1/metadata/${encodeURIComponent(resource)}`,
			roles: ROLES.metadataRead,
		});
	} catch (error) {
		const reason = UNREADABLE[String((error as { httpCode?: unknown }).httpCode)];
		if (!reason) throw asNodeError(this.getNode(), error);
		return { fields: [], emptyFieldsNotice: `Kustomer did not list the attributes: ${reason}. ${ROWS_HINT}` };
	}
	const attributes = (document?.data && !Array.isArray(document.data) ? document.data.attributes : undefined) as IDataObject | undefined;
	const fields = fieldsFromMetadata(attributes?.properties);
	return fields.length ? { fields } : { fields, emptyFieldsNotice: `Kustomer lists no custom attributes for ${resource}. ${ROWS_HINT}` };
}
