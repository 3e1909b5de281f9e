/**
 * examples/crm-account-sync.json run in-process against the sandbox: its Kustomer nodes exactly
 * as saved, fed the accounts its "CRM accounts" node holds (one item each, as its Split Out
 * node makes them). Run twice: the same companies and customers.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { IDataObject, INode } from 'n8n-workflow';

import { PACKAGE_ROOT } from '../helpers/harness';
import { useSandboxOrg } from '../helpers/sandboxOrg';
import { itemsNode, KUSTOMER_CREDENTIAL_REF } from '../helpers/workflows';

const example = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'examples', 'crm-account-sync.json'), 'utf8')) as { nodes: INode[] };
const byName = (name: string) => example.nodes.find((node) => node.name === name) as INode;
const accounts = (JSON.parse(String(byName('CRM accounts').parameters.jsonOutput)) as { accounts: IDataObject[] }).accounts;

const org = useSandboxOrg();

function workflow() {
	const kustomer = (name: string, x: number): INode => ({ ...byName(name), position: [x, 0], credentials: KUSTOMER_CREDENTIAL_REF });
	return {
		nodes: [itemsNode(accounts, 'Each account'), kustomer('Upsert company', 200), kustomer('Link contact', 400)],
		connections: {
			'Each account': { main: [[{ node: 'Upsert company', type: 'main' as const, index: 0 }]] },
			'Upsert company': { main: [[{ node: 'Link contact', type: 'main' as const, index: 0 }]] },
		},
	};
}

test('the accounts become companies by External ID, each contact linked to its company; a second run changes nothing', async () => {
	expect(byName('Each account')).toMatchObject({ type: 'n8n-nodes-base.splitOut', parameters: { fieldToSplitOut: 'accounts' } });
	const first = await org.run(workflow());
	expect(first.error('Link contact')).toBeUndefined();
	const companies = org.sandbox.store.list('companies').filter((company) => company.attributes.externalId);
	expect(companies.map((company) => [company.attributes.externalId, company.attributes.name, (company.attributes.custom as IDataObject).planStr]).sort()).toEqual(
		accounts.map((account) => [account.accountId, account.name, account.plan]).sort(),
	);
	const companyOf = new Map(companies.map((company) => [company.id, company.attributes.externalId]));
	const linked = org.sandbox.store
		.list('customers')
		.filter((customer) => customer.relationships.company)
		.map((customer) => [(customer.attributes.emails as IDataObject[])[0].email, companyOf.get(customer.relationships.company.id)]);
	expect(linked.sort()).toEqual(accounts.map((account) => [account.contactEmail, account.accountId]).sort());
	expect(first.output('Upsert company').map((item) => item.json.appUrl)).toEqual(companies.map((company) => expect.stringMatching(new RegExp(`/app/companies/[0-9a-f]{24}$`))));

	const writesBefore = (await org.requests()).length;
	const second = await org.run(workflow());
	expect(second.error('Link contact')).toBeUndefined();
	const writes = (await org.requests()).slice(writesBefore).filter((request) => request.method !== 'GET' && !request.path.endsWith('/search'));
	expect(writes).toEqual([]);
	expect(org.sandbox.store.list('companies')).toHaveLength(2 + accounts.length);
	expect(org.sandbox.store.list('customers').filter((customer) => customer.relationships.company)).toHaveLength(accounts.length);
});
