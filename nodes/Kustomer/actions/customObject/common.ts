import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { z } from 'zod';

import { attributeRows, readCustomAttributes } from '../../shared/attributeMapper';
import { customAttributesField, fieldLabel, fieldLabels, ID_VALIDATION, tagsField } from '../../shared/fields';
import { ROLES } from '../../shared/roles';
import { httpUrl, InputProblem, isObjectId, objectId, objectIdList, optionalText, parseInput, requiredText } from '../../shared/validation';
import type { JsonApiResource, KustomerClient } from '../../transport';
import { asNodeError, getAllPages } from '../../transport';
import { resolveOnce } from '../batch';
import { companyLocator } from '../company/record';
import { companyInBody } from '../company/records';
import { findOptional, singleRecord } from '../lookups';
import type { BatchFindings, BatchMode, ItemFailures, PreparedItem } from '../types';

/** Klass names as Kustomer uses them in paths (order, ecomm-order, calendly-event). */
const KLASS_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

export function klassField(): INodeProperties {
	return {
		displayName: 'Custom Object Type Name or ID',
		name: 'klass',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getKlasses' },
		default: '',
		required: true,
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		// n8n's lint rules fix the label of a loaded list ("Name or ID"); Kustomer addresses a type by its name only.
		hint: 'With an expression, give the type\'s name (e.g. order): Kustomer addresses custom object types by name, never by ID',
	};
}

/** Which custom object: by its Kustomer ID or by your external ID. */
export function objectLocator(description = ''): INodeProperties {
	return {
		displayName: 'Custom Object',
		name: 'customObject',
		type: 'resourceLocator',
		default: { mode: 'id', value: '' },
		required: true,
		description,
		modes: [
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: 'e.g. 5f1a2b3c4d5e6f7a8b9c0d1e', validation: ID_VALIDATION },
			{ displayName: 'By External ID', name: 'externalId', type: 'string', placeholder: 'e.g. order-1042' },
		],
	};
}

/** A custom object's title: required on create, optional on update. */
export const TITLE_FIELD: INodeProperties = {
	displayName: 'Title',
	name: 'title',
	type: 'string',
	default: '',
	description: 'The headline on the timeline card (at most 256 characters)',
};

/**
 * The optional fields of a custom object, for Create's Additional Fields and Update's Update
 * Fields. Kustomer's guide mentions a `description` (a second line on the timeline card), but
 * the OpenAPI schemas of KObject create and update do not list it and refuse unknown fields:
 * the node follows the schemas, since a field they refuse is a 400.
 */
/** The company a new object is linked to; a bare ID, as the earlier Company ID field saved it, reads as By ID. */
const companyField = companyLocator('A Kustomer company to link the new object to: pick one, or give an ID, app link or external ID');

export function objectFieldOptions(forUpdate: boolean): INodeProperties[] {
	// Kustomer's update schema has no company: an object is linked to one when it is created.
	const onCreate: INodeProperties[] = forUpdate
		? [{ ...TITLE_FIELD }]
		: [{ ...companyField.property, required: false }];
	return [
		{ ...customAttributesField },
		{
			displayName: 'Data (JSON)',
			name: 'data',
			type: 'json',
			default: '{}',
			description: 'Free-form JSON Kustomer keeps with the object (not typed, not searchable)',
		},
		{ displayName: 'External ID', name: 'externalId', type: 'string', default: '', description: 'Your own unique ID for the object' },
		{ displayName: 'Icon', name: 'icon', type: 'string', default: '', description: 'An icon name for the timeline card' },
		{ displayName: 'Image URLs', name: 'images', type: 'string', default: '', description: 'Up to 20 image URLs, comma-separated' },
		{ ...tagsField },
		...onCreate,
	];
}

export type ObjectRef = { by: 'id'; id: string } | { by: 'externalId'; externalId: string };

/** The klass name of an item, checked (a 24-hex klass ID would address another endpoint). */
export function readKlass(context: IExecuteFunctions, itemIndex: number): string {
	const value = context.getNodeParameter('klass', itemIndex, '');
	const name = typeof value === 'string' ? value.trim() : '';
	const label = fieldLabel(klassField());
	if (!name) throw new InputProblem(label, 'is required: choose one from the list', value);
	if (isObjectId(name)) throw new InputProblem(label, 'must be the klass name (e.g. order), not its ID', value);
	if (!KLASS_NAME.test(name)) throw new InputProblem(label, 'must be a klass name such as order or ecomm-order', value);
	return name;
}

const refSchemas = { id: objectId, externalId: requiredText(256) };

function parseObjectRef(locator: unknown): ObjectRef {
	const { mode, value } = (locator && typeof locator === 'object' ? locator : { mode: 'id', value: locator }) as { mode?: unknown; value?: unknown };
	const by = mode === 'externalId' ? 'externalId' : 'id';
	const parsed = parseInput(z.object({ value: refSchemas[by] }), { value }, { value: fieldLabel(objectLocator()) }).value as string;
	return by === 'id' ? { by, id: parsed.toLowerCase() } : { by, externalId: parsed };
}

/** The klass and the object an item names (Get, Update, Delete). */
export function readObjectInput(context: IExecuteFunctions, itemIndex: number): KlassInput & { object: ObjectRef } {
	return { klass: readKlass(context, itemIndex), object: parseObjectRef(context.getNodeParameter('customObject', itemIndex)) };
}

/** A klass's bulk endpoint (OpenAPI /klasses/{name}/bulk: POST creates, PUT updates, DELETE deletes). */
export function klassBulkPath(klass: string): string {
	return `${klassPath(klass)}/bulk`;
}

/** A klass's objects: all of them, or those linked to the customer when one is given. */
export function klassPath(klass: string, customerId?: string): string {
	const path = `/klasses/${encodeURIComponent(klass)}`;
	return customerId ? `/v1/customers/${customerId}${path}` : `/v1${path}`;
}

export function objectPath(klass: string, ref: ObjectRef): string {
	const base = klassPath(klass);
	return ref.by === 'id' ? `${base}/${ref.id}` : `${base}/externalId=${encodeURIComponent(ref.externalId)}`;
}

/** What a 404 for the object says: its klass and how the item named it. */
export function objectNotFoundMessage(klass: string, ref: ObjectRef): string {
	return `No Kustomer ${klass} object ${ref.by === 'id' ? `with ID ${ref.id}` : `with external ID "${ref.externalId}"`}`;
}

/** A custom object by ID or external ID; a miss is a 404 naming it. */
export async function fetchObject(client: KustomerClient, klass: string, ref: ObjectRef, itemIndex: number): Promise<JsonApiResource> {
	const document = await client.request({
		method: 'GET',
		path: objectPath(klass, ref),
		itemIndex,
		roles: ROLES.kobjectRead,
		notFoundMessage: objectNotFoundMessage(klass, ref),
	});
	return singleRecord(client, document, itemIndex);
}

/** A custom object by ID or external ID, or undefined when Kustomer has none. */
export async function findObject(client: KustomerClient, klass: string, ref: ObjectRef, itemIndex: number): Promise<JsonApiResource | undefined> {
	return await findOptional(client, objectPath(klass, ref), ROLES.kobjectRead, itemIndex);
}

/** The object's ID, looked up by external ID when that is what the item gives. */
export async function resolveObjectId(client: KustomerClient, klass: string, ref: ObjectRef, itemIndex: number): Promise<string> {
	return ref.by === 'id' ? ref.id : (await fetchObject(client, klass, ref, itemIndex)).id;
}

const fieldsSchema = (titleRequired: boolean) =>
	z.object({
		title: titleRequired ? requiredText(256) : optionalText(256),
		externalId: optionalText(256),
		icon: optionalText(64),
		tags: objectIdList(20),
		images: z.preprocess(
			(value) => (value === undefined || value === null || value === '' ? [] : Array.isArray(value) ? value : String(value).split(',')),
			z.array(z.preprocess((url) => String(url).trim(), httpUrl)).max(20, 'accepts at most 20 URLs'),
		),
		data: z.preprocess(
			(value) => {
				if (value === undefined || value === null || value === '') return undefined;
				if (typeof value !== 'string') return value;
				try {
					return JSON.parse(value) as unknown;
				} catch {
					return value;
				}
			},
			z.record(z.unknown(), { invalid_type_error: 'must be a JSON object, e.g. {"sku": "A-1"}' }).optional(),
		),
	});

const OBJECT_FIELD_LABELS = fieldLabels([TITLE_FIELD, ...objectFieldOptions(false)]);

/**
 * The body fields of a custom object from a collection of fields (and Title, when given
 * separately), custom attributes included. Only what was given is sent.
 */
export function readObjectFields(
	context: IExecuteFunctions,
	itemIndex: number,
	collection: IDataObject,
	titleRequired: boolean,
): IDataObject {
	const { customAttributes, company, ...fields } = collection;
	const parsed = parseInput(fieldsSchema(titleRequired), fields, OBJECT_FIELD_LABELS);
	const body: IDataObject = {};
	const linked = companyInBody(companyField, company);
	if (linked !== undefined) body.company = linked;
	for (const [key, value] of Object.entries(parsed)) {
		if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
		if (key === 'data' && Object.keys(value as object).length === 0) continue;
		body[key] = value as IDataObject[string];
	}
	const custom = readCustomAttributes(context, itemIndex, attributeRows(customAttributes));
	if (custom) body.custom = custom;
	return body;
}

/** What every custom object operation's input carries. */
export interface KlassInput {
	klass: string;
}

/**
 * A klass's status (OpenAPI GET /klasses: "Valid values are `enabled`, `existing_only`, and
 * `disabled`. The default value is `enabled`."): a list without `status` holds enabled ones only.
 */
export const KLASS_STATUSES = ['enabled', 'existing_only', 'disabled'] as const;
export type KlassStatus = (typeof KLASS_STATUSES)[number];

/** A custom object type as the org lists it, with the status it was listed under. */
export interface KlassListing {
	name: string;
	status: KlassStatus;
	record: JsonApiResource;
}

/**
 * The org's klasses of these statuses, one list per status (the filter takes one value). A
 * record saying another status is left out, should a next page not keep the filter.
 */
export async function listKlasses(client: KustomerClient, statuses: readonly KlassStatus[] = KLASS_STATUSES): Promise<KlassListing[]> {
	const lists = await Promise.all(
		statuses.map(async (status) => {
			const records = await getAllPages(client, { path: '/v1/klasses', qs: { status }, roles: ROLES.klassRead });
			return records
				.filter((record) => (record.attributes?.status ?? status) === status && record.attributes?.name)
				.map((record) => ({ name: String(record.attributes?.name), status, record }));
		}),
	);
	const byName = new Map(lists.flat().map((klass) => [klass.name, klass]));
	return [...byName.values()];
}

/** "existing only" for existing_only: how a status other than enabled is shown beside a type. */
export function klassStatusLabel(status: KlassStatus): string | undefined {
	return status === 'enabled' ? undefined : status.replace('_', ' ');
}

function describeKlass({ name, status }: KlassListing): string {
	const label = klassStatusLabel(status);
	return label ? `${name} (${label})` : name;
}

/** The error of an item whose klass the org does not have. */
function unknownKlass(client: KustomerClient, klass: string, known: KlassListing[], itemIndex: number): NodeOperationError {
	return new NodeOperationError(client.node, `Custom Object Type "${klass}" does not exist in this Kustomer org [item ${itemIndex}]`, {
		itemIndex,
		description: `Custom object types in this org: ${known.length ? known.map(describeKlass).join(', ') : 'none'}. Choose one from the list. Nothing was sent for this item.`,
	});
}

/** The klasses the items need, of every status: enabled ones first, the others only when an item names a type not among them. */
async function klassesFor(client: KustomerClient, items: ReadonlyArray<PreparedItem<KlassInput>>): Promise<KlassListing[]> {
	const enabled = await listKlasses(client, ['enabled']);
	const names = new Set(enabled.map((klass) => klass.name));
	if (items.every(({ input }) => names.has(input.klass))) return enabled;
	return [...enabled, ...(await listKlasses(client, ['existing_only', 'disabled'])).filter((klass) => !names.has(klass.name))];
}

/**
 * Once per run, before any item's work: the org's klasses of every status (objects of an
 * existing-only or disabled type are still read, updated and deleted; whether one may be
 * created there is Kustomer's to say), so an item of an unknown one fails naming the field
 * before anything is written. A key that may not list klasses skips the check (Kustomer's 404
 * then says it).
 */
export async function klassFailures(client: KustomerClient, items: ReadonlyArray<PreparedItem<KlassInput>>): Promise<ItemFailures> {
	const failures: ItemFailures = new Map();
	let klasses: KlassListing[];
	try {
		klasses = await klassesFor(client, items);
	} catch (error) {
		if (['401', '403', '404'].includes(String((error as { httpCode?: unknown }).httpCode))) return failures;
		throw asNodeError(client.node, error);
	}
	const names = new Set(klasses.map((klass) => klass.name));
	for (const { input, itemIndex } of items) {
		if (!names.has(input.klass)) failures.set(itemIndex, unknownKlass(client, input.klass, klasses, itemIndex));
	}
	return failures;
}

/** The batch step of the operations that only name a klass: items of an unknown klass fail. */
export async function checkKlasses<Input extends KlassInput>(client: KustomerClient, items: ReadonlyArray<PreparedItem<Input>>): Promise<BatchFindings<Input>> {
	return { failures: await klassFailures(client, items) };
}

/** What an operation on one object carries once its batch step has run: the object's ID, for Send in Bulk. */
export interface ObjectInput extends KlassInput {
	object: ObjectRef;
	objectId?: string;
}

/**
 * The batch step of Update and Delete: items of an unknown klass fail; with Send in Bulk, each
 * object given by external ID is looked up once (bulk records name objects by ID).
 */
export async function checkKlassesAndIds<Input extends ObjectInput>(client: KustomerClient, items: ReadonlyArray<PreparedItem<Input>>, { sendInBulk }: BatchMode): Promise<BatchFindings<Input>> {
	const failures = await klassFailures(client, items);
	if (!sendInBulk) return { failures };
	const keyOf = (input: Input) => JSON.stringify([input.klass, input.object]);
	const ids = await resolveOnce(client, items, keyOf, async (input, index) => await resolveObjectId(client, input.klass, input.object, index), failures);
	const found = items.filter(({ itemIndex }) => !failures.has(itemIndex));
	return { inputs: new Map(found.map(({ itemIndex, input }) => [itemIndex, { ...input, objectId: ids.get(keyOf(input)) }])), failures };
}

/** The ID a bulk record names the object by: looked up by the batch step, or given. */
export function bulkObjectId(input: ObjectInput): string | undefined {
	return input.objectId ?? (input.object.by === 'id' ? input.object.id : undefined);
}
