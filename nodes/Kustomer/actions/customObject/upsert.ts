import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { customAttributesMapperField } from '../../shared/attributeMapper';
import { fieldCollection, labelOf, simplifyField } from '../../shared/fields';
import type { RecordRef } from '../../shared/locators';
import { ROLES } from '../../shared/roles';
import { relatedId } from '../../shared/simplify';
import { InputProblem } from '../../shared/validation';
import type { JsonApiResource, KustomerClient } from '../../transport';
import { asNodeError } from '../../transport';
import { isConflict } from '../conflicts';
import { resolveId } from '../lookups';
import { defineOperation } from '../types';
import type { KlassInput } from './common';
import { findObject, klassField, objectFieldOptions, readKlass, readObjectFields, TITLE_FIELD } from './common';
import { companyIdIn } from '../company/records';
import { checkObjectWrites, createObject, optionalCustomer, readOptionalCustomer, updateObject } from './write';
import { CUSTOMER } from '../customer/record';

const description: INodeProperties[] = [
	klassField(),
	{
		displayName: 'External ID',
		name: 'externalId',
		type: 'string',
		default: '',
		required: true,
		description: 'Your own unique ID for the object: the object with this external ID is updated, or created when there is none',
	},
	{ ...TITLE_FIELD, required: true },
	optionalCustomer(),
	customAttributesMapperField('custom object', ['klass']),
	fieldCollection('additionalFields', 'Additional Fields', objectFieldOptions(false).filter((field) => field.name !== 'externalId')),
	simplifyField(),
];

interface Input extends KlassInput {
	externalId: string;
	customer?: RecordRef;
	body: IDataObject;
}

/**
 * Kustomer cannot link an existing custom object to another customer or company (its update
 * schema has neither field): an object found linked elsewhere is left alone.
 */
function checkLink(client: KustomerClient, existing: JsonApiResource, kind: 'customer' | 'company', wanted: unknown, itemIndex: number): void {
	const linked = relatedId(existing, kind);
	if (wanted === undefined || linked === wanted) return;
	throw new NodeOperationError(
		client.node,
		`The custom object with this external ID is linked to ${linked ? `${kind} ${linked}` : `no ${kind}`}, not to ${String(wanted)} [item ${itemIndex}]`,
		{
			itemIndex,
			description: `Object ${existing.id} was not changed. Kustomer cannot link an existing custom object to another ${kind}: leave ${kind === 'customer' ? 'Customer' : 'Company'} empty to update it, or delete it and create it again.`,
		},
	);
}

export const upsertCustomObject = defineOperation<Input>({
	option: {
		name: 'Create or Update',
		value: 'upsert',
		action: 'Create or update a custom object',
		description: 'Create a new record, or update the current one if it already exists (upsert)',
	},
	roles: ROLES.kobjectCreate,
	// Found by external ID first, and looked for again before a failed create is re-sent.
	effect: 'write',
	idempotent: true,
	docs: {
		moreRoles: '+ `kobject.read` and `kobject.update` (it finds the object by External ID, then creates or updates); + `customer.read` to find the customer by email, phone or external ID',
		runTwice: 'One object, found by External ID first; a create that failed ambiguously is looked for before it is sent again, and one Kustomer refuses (409: created meanwhile) updates the object that holds the External ID. Items of one run with the same External ID run one after the other, in input order.',
	},
	description,
	prepare(itemIndex) {
		const klass = readKlass(this, itemIndex);
		const fields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
		const body = readObjectFields(
			this,
			itemIndex,
			{ ...fields, externalId: this.getNodeParameter('externalId', itemIndex, ''), title: this.getNodeParameter('title', itemIndex, '') },
			true,
		);
		if (!body.externalId) throw new InputProblem(labelOf(description, 'externalId'), 'is required: the object is found by it');
		return { klass, externalId: body.externalId as string, customer: readOptionalCustomer(this, itemIndex), body };
	},
	batch: checkObjectWrites,
	// Items of one run with the same External ID write one object: in input order, the first creates it, the next update it.
	sequenceKey: (input) => JSON.stringify([input.klass, input.externalId]),
	async execute(client, input, itemIndex) {
		const ref = { by: 'externalId', externalId: input.externalId } as const;
		const find = async () => await findObject(client, input.klass, ref, itemIndex);
		const customerId = input.customer ? await resolveId(client, CUSTOMER, input.customer, itemIndex) : undefined;
		const update = async (existing: JsonApiResource) => {
			const { company, ...changes } = await companyIdIn(client, input.body, itemIndex);
			checkLink(client, existing, 'customer', customerId, itemIndex);
			checkLink(client, existing, 'company', company, itemIndex);
			return [await updateObject(client, input.klass, existing.id, changes, itemIndex)];
		};
		const existing = await find();
		if (existing) return await update(existing);
		const customer = customerId ? ({ by: 'id', id: customerId } as const) : undefined;
		try {
			return [await createObject(client, input.klass, customer, input.body, itemIndex, find)];
		} catch (error) {
			// Kustomer refused a second object with the External ID: another run created it meanwhile.
			const created = isConflict(error) ? await find() : undefined;
			if (created) return await update(created);
			throw asNodeError(client.node, error, itemIndex);
		}
	},
});
