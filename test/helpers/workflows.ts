import type { IDataObject, INode, INodeParameters } from 'n8n-workflow';

import { METADATA } from '../../sandbox/metadata';
import { fieldsFromMetadata } from '../../nodes/Kustomer/shared/attributeMapper';
import type { WorkflowDefinition } from './harness';
import { ITEMS_NODE, KUSTOMER_NODE } from './harness';

export const KUSTOMER_CREDENTIAL_REF = { kustomerApi: { id: 'cred-1', name: 'Kustomer (test)' } };

export function itemsNode(items: IDataObject[], name = 'Items'): INode {
	return {
		id: `node-${name}`,
		name,
		type: ITEMS_NODE,
		typeVersion: 1,
		position: [0, 0],
		parameters: { items: JSON.stringify(items) },
	};
}

export function kustomerNode(parameters: INodeParameters, extra: Partial<INode> = {}): INode {
	return {
		id: 'node-kustomer',
		name: 'Kustomer',
		type: KUSTOMER_NODE,
		typeVersion: 1,
		position: [200, 0],
		parameters,
		credentials: KUSTOMER_CREDENTIAL_REF,
		...extra,
	};
}

/** Items -> Kustomer: each item runs the Kustomer node once, fields may use {{ $json.x }}. */
export function itemsThenKustomer(
	items: IDataObject[],
	parameters: INodeParameters,
	extra: Partial<INode> = {},
): WorkflowDefinition {
	return {
		nodes: [itemsNode(items), kustomerNode(parameters, extra)],
		connections: { Items: { main: [[{ node: 'Kustomer', type: 'main', index: 0 }]] } },
	};
}

/** A resource locator value as the editor stores it. */
export function locator(mode: string, value: string) {
	return { __rl: true, mode, value };
}

/**
 * The Custom Attributes mapper's value as the editor stores it: the fields it loaded from the
 * sandbox org's metadata for `resource` (customer, conversation, kobject.order), and the values set.
 */
export function attributeMapper(resource: string, value: IDataObject | null, mappingMode = 'defineBelow'): INodeParameters {
	return {
		mappingMode,
		value,
		matchingColumns: [],
		schema: fieldsFromMetadata(METADATA[resource]) as unknown as IDataObject[],
		attemptToConvertTypes: false,
		convertFieldsToString: false,
	} as INodeParameters;
}
