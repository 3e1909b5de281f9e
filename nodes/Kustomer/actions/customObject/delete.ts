import type { INodeProperties } from 'n8n-workflow';

import { ROLES } from '../../shared/roles';
import { deletedBefore, deleteRecord } from '../deleteRecord';
import { defineOperation } from '../types';
import type { ObjectInput } from './common';
import { bulkObjectId, checkKlassesAndIds, klassBulkPath, klassField, objectLocator, objectPath, readObjectInput, resolveObjectId } from './common';

const description: INodeProperties[] = [
	klassField(),
	objectLocator('The custom object to delete, by its Kustomer ID or your external ID'),
];

type Input = ObjectInput;

export const deleteCustomObject = defineOperation<Input>({
	option: {
		name: 'Delete',
		value: 'delete',
		action: 'Delete a custom object permanently',
		description: 'Delete a custom object permanently',
	},
	roles: ROLES.kobjectDelete,
	effect: 'delete',
	idempotent: true,
	docs: {
		moreRoles: '+ `kobject.read` to find the object by external ID; + a search role for a 404, as for Customer → Delete',
		runTwice: 'As Conversation → Delete: `alreadyDeleted: true` by ID once the search knows the object; by external ID the lookup fails. The same with Send in Bulk (an item the bulk did not delete is looked for among deleted objects).',
	},
	description,
	prepare(itemIndex) {
		return readObjectInput(this, itemIndex);
	},
	batch: checkKlassesAndIds,
	async execute(client, input, itemIndex) {
		const id = await resolveObjectId(client, input.klass, input.object, itemIndex);
		const target = { path: objectPath(input.klass, { by: 'id', id }), itemIndex, roles: ROLES.kobjectDelete, noun: `${input.klass} object`, queryContext: 'kobject' } as const;
		return await deleteRecord(client, target, { id, klass: input.klass });
	},
	// OpenAPI DELETE /klasses/{name}/bulk ("Bulk delete KObjects", `ids` in the query; roles kobject.delete).
	bulk: {
		method: 'DELETE',
		path: (input) => klassBulkPath(input.klass),
		item: (input) => ({ id: bulkObjectId(input) }),
		recheck: async (client, input, itemIndex) =>
			await deletedBefore(client, { itemIndex, roles: ROLES.kobjectDelete, noun: `${input.klass} object`, queryContext: 'kobject' }, { id: String(bulkObjectId(input)), klass: input.klass }),
	},
});
