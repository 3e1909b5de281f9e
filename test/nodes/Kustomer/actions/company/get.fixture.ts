import { byLocator, COMPANY_LINK } from '../../../../helpers/badInputs';
import { companyResource, COMPANY_ID } from '../../../../helpers/kustomer';
import { BY_VALUE } from '../../../../helpers/operationFixture';
import type { OperationFixture } from '../../../../helpers/operationFixture';
import { locator } from '../../../../helpers/workflows';

export const fixture: OperationFixture = {
	parameters: { resource: 'company', operation: 'get', company: locator('id', BY_VALUE) },
	good: COMPANY_ID,
	bad: 'acme',
	method: 'GET',
	path: `/v1/companies/${COMPANY_ID}`,
	success: { status: 200, body: { data: companyResource() } },
	notFound: `No Kustomer company with ID ${COMPANY_ID}`,
	badInputs: [...byLocator('company', ['id', 'url', 'externalId']), { field: 'Company', parameters: { company: locator('url', BY_VALUE) }, good: COMPANY_LINK, bad: ['https://acme.kustomerapp.com/app/companies/'] }],
	bodies: 'none',
};
