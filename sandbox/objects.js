/**
 * Custom objects and custom attribute metadata, as Kustomer serves them:
 * - klasses (custom object types) listed at /v1/klasses (enabled ones, or those of `?status=`),
 *   addressed BY NAME in KObject paths (/v1/klasses/order/...), a 24-hex segment being a klass
 *   ID instead; objects of a klass of any status are served;
 * - KObjects typed `kobject.<klass>`, optionally linked to a customer, unique per klass by
 *   externalId when the externalIdUniqueness reading says so (a second one is then a 409),
 *   updated by PUT (given fields only, `custom` merged);
 * - GET /v1/metadata/{customer|conversation|kobject.<klass>|...}: the org's attribute definitions.
 */

const KLASS_STATUSES = ['enabled', 'existing_only', 'disabled'];
const KOBJECT_FIELDS = ['externalId', 'title', 'images', 'icon', 'data', 'tags', 'createdAt', 'importedAt'];

function createObjects({ store, HttpError, requireRecord, page, externalIdsUnique }) {
	const render = (record) => {
		const data = store.render('kobjects', record);
		const klass = record.relationships.klass.id;
		return { ...data, type: `kobject.${klass}`, links: { self: `/v1/klasses/${klass}/${record.id}` } };
	};
	const one = (record, status = 200) => ({ status, body: { data: render(record) } });

	function klassNamed(name) {
		const klass = store.list('klasses').find((entry) => entry.attributes.name === decodeURIComponent(name));
		if (!klass) throw new HttpError(404, 'Not Found', `klass ${decodeURIComponent(name)} not found`);
		return klass.attributes.name;
	}

	/**
	 * GET /v1/klasses filters by `status` (OpenAPI GET /klasses): "Valid values are `enabled`,
	 * `existing_only`, and `disabled`. The default value is `enabled`."
	 */
	function klassesWithStatus(status) {
		const wanted = status ?? 'enabled';
		if (!KLASS_STATUSES.includes(wanted)) throw new HttpError(400, 'Bad Request', `status must be one of ${KLASS_STATUSES.join(', ')}`, undefined);
		return store.list('klasses').filter((klass) => (klass.attributes.status ?? 'enabled') === wanted);
	}

	function objectsOf(klass) {
		return store.list('kobjects').filter((entry) => entry.relationships.klass.id === klass);
	}

	/** Under the "enforced" reading, KObjects are unique per klass by externalId: a second one is a 409 (`exceptId`: the one being updated). */
	function checkExternalIdFree(klass, externalId, exceptId) {
		if (externalIdsUnique() && externalId && objectsOf(klass).some((entry) => entry.id !== exceptId && entry.attributes.externalId === externalId)) {
			throw new HttpError(409, 'Conflict', `a ${klass} with externalId "${externalId}" already exists`, '/externalId');
		}
	}

	function create(klassName, customerId, body) {
		const klass = klassNamed(klassName);
		const customer = customerId ? requireRecord('customers', customerId, 'customer') : undefined;
		// POST /klasses/{name} takes a `company` ID to link the object to (OpenAPI); an unknown one is a 400.
		if (body.company && !store.get('companies', body.company)) throw new HttpError(400, 'Bad Request', `company ${body.company} does not exist`, '/company');
		checkExternalIdFree(klass, body.externalId);
		const attributes = Object.fromEntries(KOBJECT_FIELDS.filter((key) => body[key] !== undefined).map((key) => [key, body[key]]));
		const record = store.insert('kobjects', { images: [], tags: [], ...attributes, custom: { ...body.custom } }, {
			klass: { type: 'klass', id: klass },
			...(customer ? { customer: { type: 'customer', id: customer.id } } : {}),
			...(body.company ? { company: { type: 'company', id: body.company } } : {}),
		});
		return one(record, 201);
	}

	function find(klassName, id) {
		const klass = klassNamed(klassName);
		const record = store.get('kobjects', id);
		if (!record || record.relationships.klass.id !== klass) throw new HttpError(404, 'Not Found', `${klass} ${id} not found`);
		return record;
	}

	function update(klassName, id, body) {
		const record = find(klassName, id);
		const klass = record.relationships.klass.id;
		checkExternalIdFree(klass, body.externalId, id);
		const { custom, rev: _rev, ...fields } = body;
		store.update('kobjects', id, { ...fields, ...(custom ? { custom: { ...record.attributes.custom, ...custom } } : {}) });
		return one(record);
	}

	const NAME = '([^/]+)';
	const ID = '([0-9a-f]{24})';
	return [
		['GET', /^\/v1\/metadata\/([^/]+)$/, 'metadata.read', ({ match }) => metadata(decodeURIComponent(match[1]))],
		['GET', /^\/v1\/klasses$/, 'klass.read', ({ url }) => page('klasses', klassesWithStatus(url.searchParams.get('status')), url)],
		['GET', new RegExp(`^/v1/klasses/${ID}$`), 'klass.read', ({ match }) => ({ status: 200, body: { data: store.render('klasses', requireRecord('klasses', match[1], 'klass')) } })],
		['POST', new RegExp(`^/v1/klasses/${NAME}$`), 'kobject.create', ({ match, body }) => create(match[1], body.customer, body)],
		['POST', new RegExp(`^/v1/customers/${ID}/klasses/${NAME}$`), 'kobject.create', ({ match, body }) => create(match[2], match[1], body)],
		// Listing a klass's objects takes a klass role (OpenAPI GET /klasses/{name}: org.user.klass.read, org.permission.klass.read, org.admin.klass.read).
		['GET', new RegExp(`^/v1/klasses/${NAME}$`), 'klass.read', ({ match, url }) => page('kobjects', objectsOf(klassNamed(match[1])), url, undefined, render)],
		[
			'GET',
			new RegExp(`^/v1/customers/${ID}/klasses/${NAME}$`),
			'customer.read',
			({ match, url }) => {
				requireRecord('customers', match[1], 'customer');
				const records = objectsOf(klassNamed(match[2])).filter((entry) => entry.relationships.customer?.id === match[1]);
				return page('kobjects', records, url, undefined, render);
			},
		],
		[
			'GET',
			new RegExp(`^/v1/companies/${ID}/klasses/${NAME}$`),
			// OpenAPI GET /companies/{id}/klasses/{name}: the company-read role.
			'company.read',
			({ match, url }) => {
				requireRecord('companies', match[1], 'company');
				const records = objectsOf(klassNamed(match[2])).filter((entry) => entry.relationships.company?.id === match[1]);
				return page('kobjects', records, url, undefined, render);
			},
		],
		[
			'GET',
			new RegExp(`^/v1/klasses/${NAME}/externalId=(.+)$`),
			'kobject.read',
			({ match }) => {
				const klass = klassNamed(match[1]);
				const value = decodeURIComponent(match[2]);
				const record = objectsOf(klass).find((entry) => entry.attributes.externalId === value);
				if (!record) throw new HttpError(404, 'Not Found', `no ${klass} with externalId ${value}`);
				return one(record);
			},
		],
		['GET', new RegExp(`^/v1/klasses/${NAME}/${ID}$`), 'kobject.read', ({ match }) => one(find(match[1], match[2]))],
		['PUT', new RegExp(`^/v1/klasses/${NAME}/${ID}$`), 'kobject.update', ({ match, body }) => update(match[1], match[2], body)],
		[
			'DELETE',
			new RegExp(`^/v1/klasses/${NAME}/${ID}$`),
			'kobject.delete',
			({ match }) => {
				find(match[1], match[2]);
				store.remove('kobjects', match[2]);
				return { status: 204 };
			},
		],
	];

	/** The org's attribute definitions for a record type; a klass without any has none. */
	function metadata(resource) {
		const klass = /^kobject\.(.+)$/.exec(resource)?.[1];
		if (klass) klassNamed(klass);
		const properties = store.metadata[resource] ?? (klass ? {} : undefined);
		if (!properties) throw new HttpError(404, 'Not Found', `no metadata for ${resource}`);
		return {
			status: 200,
			body: { data: { type: 'metadata', id: resource, attributes: { properties }, links: { self: `/v1/metadata/${resource}` } } },
		};
	}
}

module.exports = { createObjects };
