/**
 * Custom object types (klasses) and their objects (KObjects), and the custom attribute
 * metadata the typed mapper loads.
 */
const { KLASS_STATUSES, ROLES } = require('../package');
const { listOf } = require('./account');

/** The klass the run looks at: --klass, else the first enabled one the org lists. */
async function klassToUse(ctx) {
	if (ctx.options.klass) return ctx.options.klass;
	const body = listOf(ctx, await ctx.get('/v1/klasses', { page: 1, pageSize: 100 }), '/v1/klasses');
	const name = body.data[0]?.attributes?.name;
	if (!name) ctx.skip('the org has no custom object type (give one with --klass)');
	return name;
}

const OBJECT_CHECKS = [
	{
		id: 'klasses.statuses',
		checks: 'GET /v1/klasses lists enabled types unless asked; ?status=existing_only and ?status=disabled list those (OpenAPI GET /klasses)',
		dependsOn: 'The Custom Object Type dropdown and the unknown-type check (they ask for every status)',
		roles: ROLES.klassRead,
		async run(ctx) {
			const counts = [];
			for (const status of [undefined, ...KLASS_STATUSES]) {
				const body = listOf(ctx, await ctx.get('/v1/klasses', { page: 1, pageSize: 100, ...(status ? { status } : {}) }), `/v1/klasses?status=${status ?? ''}`);
				const other = body.data.find((klass) => (klass.attributes?.status ?? status ?? 'enabled') !== (status ?? 'enabled'));
				ctx.expect(!other, `${status ? `?status=${status}` : 'without status'} listed ${other?.attributes?.name} of status ${other?.attributes?.status}`);
				counts.push(`${status ?? 'default'} ${body.data.length}`);
			}
			return counts.join(', ');
		},
	},
	{
		id: 'klasses.objects-list',
		checks: "GET /v1/klasses/{name} lists a type's objects, with a klass role (OpenAPI: org.permission.klass.read)",
		dependsOn: 'Custom Object → Get Many',
		roles: ROLES.klassRead,
		async run(ctx) {
			const klass = await klassToUse(ctx);
			const body = listOf(ctx, await ctx.get(`/v1/klasses/${encodeURIComponent(klass)}`, { page: 1, pageSize: 1 }), `/v1/klasses/${klass}`, 1);
			return `${klass}: ${body.data.length ? `object ${body.data[0].id}` : 'no objects'}`;
		},
	},
	{
		id: 'metadata.properties',
		checks: 'GET /v1/metadata/customer and /conversation answer data.attributes.properties by attribute name',
		dependsOn: 'The Custom Attributes mapper',
		roles: ROLES.metadataRead,
		async run(ctx) {
			const counts = [];
			for (const resource of ['customer', 'conversation']) {
				const body = ctx.expectStatus(await ctx.get(`/v1/metadata/${resource}`), [200], `GET /v1/metadata/${resource}`);
				const properties = body?.data?.attributes?.properties;
				ctx.expect(properties && typeof properties === 'object' && !Array.isArray(properties), `GET /v1/metadata/${resource} answered no data.attributes.properties`);
				counts.push(`${resource} ${Object.keys(properties).length}`);
			}
			return `attributes: ${counts.join(', ')}`;
		},
	},
	{
		id: 'kobjects.lifecycle',
		checks: 'A custom object of --klass: POST /v1/klasses/{name}, found by GET …/externalId=… and …/{id}, PUT, DELETE (204), then 404',
		dependsOn: 'Custom Object → Create, Create or Update, Get, Update, Delete',
		roles: [...ROLES.kobjectCreate, ...ROLES.kobjectRead, ...ROLES.kobjectUpdate, ...ROLES.kobjectDelete],
		async run(ctx) {
			if (!ctx.options.klass) ctx.skip('needs --klass <name> (a custom object type to make an object of)');
			ctx.fixtures.requireWrite('an object made for the run');
			const base = `/v1/klasses/${encodeURIComponent(ctx.options.klass)}`;
			const made = await ctx.fixtures.create('custom object', base, { title: ctx.fixtures.label('object'), externalId: ctx.fixtures.externalId('object') }, (id) => `${base}/${id}`);
			const byExternalId = ctx.expectStatus(await ctx.get(`${base}/externalId=${encodeURIComponent(ctx.fixtures.externalId('object'))}`), [200], `GET ${base}/externalId=…`);
			ctx.expect(byExternalId?.data?.id === made.id, `GET ${base}/externalId=… answered ${byExternalId?.data?.id}`);
			ctx.expectStatus(await ctx.get(`${base}/${made.id}`), [200], `GET ${base}/{id}`);
			const updated = ctx.expectStatus(await ctx.request('PUT', `${base}/${made.id}`, { body: { title: ctx.fixtures.label('object (updated)') } }), [200], `PUT ${base}/{id}`);
			ctx.expect(updated?.data?.attributes?.title === ctx.fixtures.label('object (updated)'), `title after PUT: ${updated?.data?.attributes?.title}`);
			ctx.expectStatus(await ctx.request('DELETE', `${base}/${made.id}`), [204], `DELETE ${base}/{id}`);
			ctx.fixtures.forget(`${base}/${made.id}`);
			ctx.expectStatus(await ctx.get(`${base}/${made.id}`), [404], `GET ${base}/{id} after DELETE`);
			return `object ${made.id} of ${ctx.options.klass}`;
		},
	},
];

module.exports = { OBJECT_CHECKS };
