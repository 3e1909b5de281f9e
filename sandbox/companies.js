/**
 * Companies, as Kustomer's OpenAPI file describes them (tag "Companies"):
 * - GET /v1/companies lists them, filtered by `filter` (the name: the file's example answers
 *   "foobar Company Name" and "foobar2 Company Name" to filter=foobar, so a part of the name)
 *   or `externalId`; "If you use both the externalId and filter query params, the request
 *   ignores both query params", and so does the sandbox;
 * - POST /v1/companies creates one (201), GET and PUT /v1/companies/{id} read and update it
 *   (given fields only, `custom` merged, optimistic locking on `rev`);
 * - the bulk endpoints (POST and PUT /v1/companies/bulk) are sandbox/bulk.js's.
 * Kustomer documents no uniqueness of a company's externalId: under the externalIdUniqueness
 * reading "enforced" a second one is a 409, as for conversations and custom objects.
 */

const COMPANY_DEFAULTS = { tags: [], custom: {} };

function createCompanies({ store, HttpError, requireRecord, page, externalIdsUnique }) {
	const one = (record, status = 200) => ({ status, body: { data: store.render('companies', record) } });

	function checkExternalIdFree(externalId, exceptId) {
		if (!externalIdsUnique() || !externalId) return;
		if (store.list('companies').some((entry) => entry.id !== exceptId && entry.attributes.externalId === externalId)) {
			throw new HttpError(409, 'Conflict', `a company with externalId "${externalId}" already exists`, '/externalId');
		}
	}

	function listed(url) {
		const filter = url.searchParams.get('filter');
		const externalId = url.searchParams.get('externalId');
		const all = store.list('companies');
		if (filter !== null && externalId !== null) return all;
		if (externalId !== null) return all.filter((entry) => entry.attributes.externalId === externalId);
		if (filter !== null) return all.filter((entry) => String(entry.attributes.name ?? '').toLowerCase().includes(filter.toLowerCase()));
		return all;
	}

	function update(id, body) {
		const record = requireRecord('companies', id, 'company');
		const { custom, rev, ...fields } = body;
		if (rev !== undefined && rev !== record.attributes.rev) {
			throw new HttpError(409, 'Conflict', `rev ${rev} is not the current revision ${record.attributes.rev}`, '/rev');
		}
		checkExternalIdFree(fields.externalId, id);
		return store.update('companies', id, { ...fields, ...(custom ? { custom: { ...record.attributes.custom, ...custom } } : {}) }).record;
	}

	const ID = '([0-9a-f]{24})';
	return [
		['GET', /^\/v1\/companies$/, 'company.read', ({ url }) => page('companies', listed(url), url)],
		[
			'POST',
			/^\/v1\/companies$/,
			'company.create',
			({ body }) => {
				checkExternalIdFree(body.externalId);
				return one(store.insert('companies', { ...COMPANY_DEFAULTS, ...body }), 201);
			},
		],
		['GET', new RegExp(`^/v1/companies/${ID}$`), 'company.read', ({ match }) => one(requireRecord('companies', match[1], 'company'))],
		['PUT', new RegExp(`^/v1/companies/${ID}$`), 'company.update', ({ match, body }) => one(update(match[1], body))],
	];
}

module.exports = { createCompanies };
