import type {
	FieldType,
	IDataObject,
	IExecuteFunctions,
	INodeProperties,
	ResourceMapperField,
	ResourceMapperValue,
} from 'n8n-workflow';

import type { AttributeChoice, AttributeDefinition, AttributeKind, CustomAttributeRow } from './customAttributes';
import { CUSTOM_ATTRIBUTES, customAttributeSuffix, definitionFromName, toCustomAttributes } from './customAttributes';

/** The typed field mapper's parameter; the name/value rows stay in Additional Fields. */

/** What Kustomer's metadata says about one custom attribute (GET /v1/metadata/{resource}). */
interface MetadataProperty {
	type?: unknown;
	displayName?: unknown;
	enumeration?: unknown;
	tree?: { children?: unknown };
	lastNodeRequired?: unknown;
	multi?: unknown;
	deletedAt?: unknown;
}

interface TreeNode {
	id?: unknown;
	displayName?: unknown;
	deleted?: unknown;
	children?: unknown;
}

/**
 * The typed field mapper for an operation: one field per custom attribute the org defined for
 * `record` (the record the attributes go on: customer, conversation, custom object), loaded from
 * Kustomer's metadata, with pickers where Kustomer lists the allowed values. n8n words the mapper
 * as a spreadsheet's ("Mapping Column Mode", "Map Each Column Manually": its own texts); the
 * texts it takes from the node say custom attributes and which record they are set on.
 */
export function customAttributesMapperField(record: string, dependsOn: string[] = []): INodeProperties {
	const recordLabel = record.replace(/(^|\s)\S/g, (letter) => letter.toUpperCase());
	return {
		...CUSTOM_ATTRIBUTES,
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		description: `The ${record}'s custom attributes, as your org defined them in Kustomer (typed from its metadata): values are converted and checked by type before anything is sent; a date-time without an offset is read in the workflow's time zone. Map Automatically sets the attributes whose Kustomer name (e.g. orderNumberStr) an incoming field has exactly; rename fields with an Edit Fields node first, or map each one manually.`,
		// A custom object type must be chosen first: each type has its own attributes.
		...(dependsOn.includes('klass') ? { displayOptions: { hide: { klass: [''] } } } : {}),
		typeOptions: {
			// Another record type (or klass) has other attributes: the editor reloads them.
			loadOptionsDependsOn: ['resource', ...dependsOn],
			resourceMapper: {
				resourceMapperMethod: 'getCustomAttributeFields',
				mode: 'add',
				addAllFields: false,
				supportAutoMap: true,
				valuesLabel: `Custom Attributes to Set on the ${recordLabel}`,
				fieldWords: { singular: 'custom attribute', plural: 'custom attributes' },
				noFieldsError: `Kustomer lists no custom attributes for ${record === 'custom object' ? 'this custom object type' : record === 'company' ? 'companies' : `${record}s`}: set them with the Custom Attributes by Name field instead.`,
			},
		},
	};
}

/** "totalOrdersNum" -> "Total Orders": Kustomer's own default display name. */
function titleCase(name: string): string {
	const base = name.replace(new RegExp(`${customAttributeSuffix(name) ?? ''}$`), '') || name;
	return base.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/^./, (letter) => letter.toUpperCase());
}

/** The nodes of a dropdown tree as choices "Parent › Child" whose value is the node's id. */
function treeChoices(children: unknown, leavesOnly: boolean, path: string[] = []): AttributeChoice[] {
	if (!Array.isArray(children)) return [];
	return (children as TreeNode[]).flatMap((node) => {
		if (!node || node.deleted === true || (typeof node.id !== 'string' && typeof node.id !== 'number')) return [];
		const label = [...path, typeof node.displayName === 'string' ? node.displayName : String(node.id)];
		const below = treeChoices(node.children, leavesOnly, label);
		const hasChildren = Array.isArray(node.children) && node.children.length > 0;
		const own = leavesOnly && hasChildren ? [] : [{ name: label.join(' › '), value: String(node.id) }];
		return [...own, ...below];
	});
}

/** The allowed values of an attribute: a dropdown tree, or the older list of strings. */
function metadataChoices(property: MetadataProperty): AttributeChoice[] | undefined {
	if (property.tree && typeof property.tree === 'object') {
		const choices = treeChoices(property.tree.children, property.lastNodeRequired === true);
		if (choices.length) return choices;
	}
	if (Array.isArray(property.enumeration)) {
		return property.enumeration.filter((value) => typeof value === 'string').map((value: string) => ({ name: value, value }));
	}
	return undefined;
}

const KIND_OF_METADATA_TYPE: Record<string, AttributeKind> = {
	number: 'number',
	boolean: 'boolean',
	date: 'dateTime',
	datetime: 'dateTime',
	'date-time': 'dateTime',
};

/** One attribute's definition from its metadata. */
function definitionFromMetadata(name: string, property: MetadataProperty): AttributeDefinition {
	const implied = definitionFromName(name);
	const typed = KIND_OF_METADATA_TYPE[String(property.type ?? '').toLowerCase()];
	let kind: AttributeKind = implied?.kind ?? typed ?? 'text';
	const choices = metadataChoices(property);
	if (choices?.length && ['text', 'longText', 'choice'].includes(kind)) kind = 'choice';
	const label = typeof property.displayName === 'string' && property.displayName.trim() ? property.displayName.trim() : titleCase(name);
	return { name, label, kind, choices: kind === 'choice' ? choices : undefined, multi: property.multi === true };
}

const FIELD_TYPE_OF_KIND: Record<AttributeKind, FieldType> = {
	text: 'string',
	longText: 'string',
	url: 'string',
	reference: 'string',
	number: 'number',
	boolean: 'boolean',
	dateTime: 'dateTime',
	choice: 'options',
};

/** The mapper's fields for Kustomer's metadata `properties`, deleted attributes left out. */
export function fieldsFromMetadata(properties: unknown): ResourceMapperField[] {
	if (!properties || typeof properties !== 'object') return [];
	return Object.entries(properties as Record<string, MetadataProperty>)
		.filter(([, property]) => property && typeof property === 'object' && !property.deletedAt)
		.map(([name, property]) => {
			const definition = definitionFromMetadata(name, property);
			let type = FIELD_TYPE_OF_KIND[definition.kind];
			if (definition.kind === 'choice' && !definition.choices?.length) type = 'string';
			if (definition.kind === 'reference' && definition.multi) type = 'array';
			return {
				id: name,
				displayName: definition.label === name ? name : `${definition.label} (${name})`,
				type,
				options: type === 'options' ? definition.choices : undefined,
				required: false,
				defaultMatch: false,
				canBeUsedToMatch: false,
				display: true,
			};
		})
		.sort((a, b) => a.displayName.localeCompare(b.displayName));
}

const KIND_OF_FIELD_TYPE: Partial<Record<FieldType, AttributeKind>> = {
	number: 'number',
	boolean: 'boolean',
	dateTime: 'dateTime',
	options: 'choice',
};

/** An attribute's definition as the mapper's saved schema describes it. */
export function definitionFromField(field: ResourceMapperField): AttributeDefinition {
	const implied = definitionFromName(field.id);
	const hasChoices = field.type === 'options' && !!field.options?.length;
	const kind = hasChoices ? 'choice' : (implied?.kind ?? KIND_OF_FIELD_TYPE[field.type ?? 'string'] ?? 'text');
	const choices = hasChoices ? (field.options ?? []).map((option) => ({ name: option.name, value: String(option.value) })) : undefined;
	return { name: field.id, label: field.displayName, kind, choices, multi: field.type === 'array' };
}

/** The attribute entries the mapper holds for one item: fixed values, or the item's own fields. */
function mappedEntries(context: IExecuteFunctions, itemIndex: number, mapper: ResourceMapperValue): CustomAttributeRow[] {
	const schema = mapper.schema ?? [];
	if (mapper.mappingMode === 'autoMapInputData') {
		const json = context.getInputData()[itemIndex]?.json ?? {};
		return schema.filter((field) => field.id in json).map((field) => ({ name: field.id, value: json[field.id] }));
	}
	return Object.entries(mapper.value ?? {})
		.filter(([name]) => schema.some((field) => field.id === name && field.removed !== true))
		.map(([name, value]) => ({ name, value }));
}

/**
 * An item's custom attributes from the typed mapper and the name/value rows together, converted
 * and checked by type (the mapper's types also apply to rows naming a mapped attribute).
 * Undefined when none is set.
 */
export function readCustomAttributes(context: IExecuteFunctions, itemIndex: number, rows: CustomAttributeRow[] = []): IDataObject | undefined {
	const mapper = context.getNodeParameter(CUSTOM_ATTRIBUTES.name, itemIndex, null) as ResourceMapperValue | null;
	const schema = mapper?.schema ?? [];
	const definitions = new Map(schema.map((field) => [field.id, definitionFromField(field)]));
	const entries = [...(mapper ? mappedEntries(context, itemIndex, mapper) : []), ...rows];
	if (!entries.length) return undefined;
	return toCustomAttributes(entries, { definitions, timeZone: context.getTimezone() });
}

/** The rows of the Custom Attributes by Name field, as the editor stores them. */
export function attributeRows(collection: unknown): CustomAttributeRow[] {
	const rows = (collection as IDataObject | undefined)?.attribute;
	return Array.isArray(rows) ? (rows as CustomAttributeRow[]) : [];
}
