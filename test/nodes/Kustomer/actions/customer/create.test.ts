import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runWorkflow } from '../../../../helpers/harness';
import { CUSTOMER_ID, customerResource, kustomerApi, objectId, resetApi, sent } from '../../../../helpers/kustomer';
import { itemsThenKustomer } from '../../../../helpers/workflows';

afterEach(resetApi);

const create = (customerFields: INodeParameters, items: IDataObject[] = [{}]) =>
	itemsThenKustomer(items, { resource: 'customer', operation: 'create', customerFields });

function serveCreate() {
	return kustomerApi()
		.post('/v1/customers')
		.reply(201, (_uri, body) => ({ data: customerResource(CUSTOMER_ID, body as IDataObject) }));
}

test('creates a customer with every field exactly as Kustomer\'s schema takes it', async () => {
	serveCreate();
	const result = await runWorkflow(
		create({
			name: 'Jane Doe',
			emails: { email: [{ address: 'jane@example.com', type: 'work' }, { address: 'jane+home@example.com', type: 'home' }] },
			phones: { phone: [{ number: '+1 (415) 555-0123', type: 'mobile' }] },
			externalId: 'crm-42',
			company: objectId(0xc0),
			locale: 'en_US',
			timeZone: 'America/Los_Angeles',
			tags: [objectId(0xd1)],
			customAttributes: { attribute: [{ name: 'tierStr', value: 'gold' }, { name: 'seatsNum', value: '12' }] },
		}),
	);
	expect(sent).toHaveLength(1);
	expect(sent[0]).toMatchObject({ method: 'POST', path: '/v1/customers' });
	expect(sent[0].body).toEqual({
		name: 'Jane Doe',
		emails: [
			{ email: 'jane@example.com', type: 'work' },
			{ email: 'jane+home@example.com', type: 'home' },
		],
		phones: [{ phone: '+14155550123', type: 'mobile' }],
		externalId: 'crm-42',
		company: objectId(0xc0),
		locale: 'en_US',
		timeZone: 'America/Los_Angeles',
		tags: [objectId(0xd1)],
		custom: { tierStr: 'gold', seatsNum: 12 },
	});
	expect(result.output('Kustomer')[0].json).toMatchObject({ id: CUSTOMER_ID, appUrl: `https://acme.kustomerapp.com/app/customers/${CUSTOMER_ID}` });
});

test('empty and null fields are left out; empty rows are skipped; a repeated address is sent once', async () => {
	serveCreate();
	await runWorkflow(
		create(
			{
				name: '={{ $json.name }}',
				externalId: '={{ $json.crmId }}',
				emails: { email: [{ address: '={{ $json.email }}', type: 'home' }, { address: '', type: 'work' }, { address: 'JANE@example.com', type: 'work' }] },
				phones: { phone: [{ number: '={{ $json.phone }}', type: 'mobile' }] },
			},
			[{ name: 'Jane', crmId: null, email: 'jane@example.com', phone: null }],
		),
	);
	expect(sent[0].body).toEqual({ name: 'Jane', emails: [{ email: 'jane@example.com', type: 'home' }] });
});

test('a duplicate email (409) says the customer exists and how to update it instead', async () => {
	kustomerApi().post('/v1/customers').reply(409, { errors: [{ status: 409, title: 'Conflict', detail: 'duplicate email' }] });
	const result = await runWorkflow(create({ emails: { email: [{ address: 'jane@example.com', type: 'home' }] } }));
	const error = result.error('Kustomer') as { message: string; description?: string };
	expect(error.message).toBe('Kustomer reported a conflict (409)');
	expect(error.description).toContain('Another customer already has one of these emails, phones or external IDs');
	expect(error.description).toContain('Create or Update');
	expect(error.description).toContain('duplicate email');
});

test.each([
	['no fields', {}, 'Customer Fields are empty: give at least a name, an email, a phone or an external ID [item 0]'],
	['only empty fields', { name: '={{ null }}', emails: { email: [{ address: '', type: 'home' }] } }, 'Customer Fields are empty'],
	['11 emails', { emails: { email: Array.from({ length: 11 }, (_, index) => ({ address: `p${index}@example.com`, type: 'home' })) } }, 'Emails accept at most 10 per customer (11 given) [item 0]'],
	['a local phone', { phones: { phone: [{ number: '555-0100', type: 'mobile' }] } }, 'Phones #1 must be a phone number in E.164 form'],
	['an email type Kustomer lacks', { emails: { email: [{ address: 'a@b.co', type: 'mobile' }] } }, 'Emails #1 type must be one of home, work, other'],
	['an unknown time zone', { timeZone: 'Mars/Olympus' }, 'Time Zone must be an IANA time zone such as America/New_York'],
	['a company name, not an ID', { company: '={{ "Acme Inc" }}' }, 'Company must be a Kustomer ID'],
	['a 17-character locale', { locale: 'en_US_POSIX_extra' }, 'Locale must be at most 16 characters'],
	['an emoji tag', { tags: '={{ ["🔥"] }}' }, 'Tags #1 must hold tag names Kustomer accepts'],
	['an external ID given as a list', { externalId: '={{ ["a", "b"] }}' }, 'External ID must be one text value, not a list'],
])('%s fails before any request', async (_label, fields, message) => {
	const result = await runWorkflow(create(fields as INodeParameters));
	expect(result.error('Kustomer')?.message).toContain(message);
	expect(sent).toHaveLength(0);
});
