import type { IDataObject, INodeParameters } from 'n8n-workflow';

/**
 * What the shared per-operation tests (test/nodes/Kustomer/actions/everyOperation.test.ts)
 * need to know about one operation. Each operation's test folder holds its fixture as
 * `<operation>.fixture.ts`; the shared tests find it through the node's registry, so a new
 * operation without one fails them.
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
	/** The 404 message: what was looked for. */
	notFound: string;
	/**
	 * Serves the requests the operation makes besides its main one (a lookup before an update,
	 * say), with nock interceptors that are not recorded in `sent`: the shared tests count only
	 * the main request.
	 */
	background?: () => void;
}

export const BY_VALUE = '={{ $json.value }}';
