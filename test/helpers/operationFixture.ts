import { existsSync } from 'node:fs';
import path from 'node:path';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { RESOURCES } from '../../nodes/Kustomer/actions';
import type { BadInputs } from './badInputs';

/**
 * What the shared per-operation tests need to know about one operation: everyOperation.test.ts
 * (rate limits, retries, errors), badInputs.test.ts (its bad inputs) and
 * test/contract/requestBodies.test.ts (its bodies). Each operation's test folder holds its
 * fixture as `<operation>.fixture.ts`; the shared tests find it through the node's registry
 * (`registryFixtures`), so a new operation without one fails them.
 */
export interface OperationFixture {
	/** The node's parameters; the operation's key value comes from `{{ $json.value }}`. */
	parameters: INodeParameters;
	good: string;
	/** A value the node must refuse before sending anything. */
	bad: string;
	/** The request the shared tests answer with errors: the operation's main request. */
	method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
	path: string;
	success: { status: number; body?: IDataObject };
	/** With Send in Bulk, where the bulk endpoint's path depends on the item (a custom object's klass): the fixture's. */
	bulkPath?: string;
	/**
	 * With Send in Bulk, when the shared test's items must differ (a bulk delete names each record
	 * once): parameters over `parameters`, three good values and a bad one for `{{ $json.value }}`.
	 */
	bulkCase?: { parameters: INodeParameters; values: [string, string, string]; bad: string };
	/** The 404 message: what was looked for. */
	notFound?: string;
	/** Instead, for an operation whose 404 is an answer (a Delete: the record is gone already): its output. */
	notFoundOutput?: IDataObject;
	/**
	 * Serves the requests the operation makes besides its main one (a lookup before an update,
	 * say), with nock interceptors that are not recorded in `sent`: the shared tests count only
	 * the main request.
	 */
	background?: () => void;
	/**
	 * Bad inputs: each stops the node with an error naming the field and the item, before
	 * anything is sent (badInputs.test.ts). At least one per operation.
	 */
	badInputs: BadInputs[];
	/**
	 * Parameter sets, by what they cover, whose every request body must validate against
	 * Kustomer's schema for its endpoint (test/contract/requestBodies.test.ts); `resource` and
	 * `operation` are added from the registry. `'none'` for an operation that sends no request
	 * body at all (a read by ID or link, a delete).
	 */
	bodies: Record<string, INodeParameters[]> | 'none';
}

export const BY_VALUE = '={{ $json.value }}';

type Operation = (typeof RESOURCES)[number]['operations'][number];

/**
 * Every operation of the registry: its label, its resource and operation values, its
 * definition, and its fixture (`undefined` when it has none).
 */
export function registryFixtures(): Array<{ label: string; resource: string; operation: string; definition: Operation; fixture: OperationFixture | undefined }> {
	return RESOURCES.flatMap((resource) =>
		resource.operations.map((definition) => ({
			label: `${resource.name} → ${definition.option.name}`,
			resource: resource.value,
			operation: definition.option.value,
			definition,
			fixture: fixtureOf(path.join(__dirname, '../nodes/Kustomer/actions', resource.value, `${definition.option.value}.fixture`)),
		})),
	);
}

function fixtureOf(file: string): OperationFixture | undefined {
	return existsSync(`${file}.ts`) ? (require(file) as { fixture: OperationFixture }).fixture : undefined;
}
