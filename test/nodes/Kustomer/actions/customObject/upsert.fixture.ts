import { KLASS, kobjectResource, unrecordedApi, serveKlasses } from '../../../../helpers/kustomer';
import type { OperationFixture } from '../../../../helpers/operationFixture';
import { BY_VALUE } from '../../../../helpers/operationFixture';

export const fixture: OperationFixture = {
	parameters: { resource: 'customObject', operation: 'upsert', klass: BY_VALUE, externalId: 'order-1042', title: 'Order 1042' },
	good: KLASS,
	bad: '5f1a2b3c4d5e6f7a8b9c0d1e',
	// No object has the external ID yet, so the main request is the create.
	method: 'POST',
	path: `/v1/klasses/${KLASS}`,
	success: { status: 201, body: { data: kobjectResource('0000000000000000000000b2', { externalId: 'order-1042' }) } },
	notFound: `No Kustomer custom object type "${KLASS}"`,
	background: () => {
		serveKlasses();
		unrecordedApi().persist().get(`/v1/klasses/${KLASS}/externalId=order-1042`).reply(404, '');
	},
};
