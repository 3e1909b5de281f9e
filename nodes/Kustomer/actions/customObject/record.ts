import { relatedId } from '../../shared/simplify';
import { customerPath } from '../customer/record';
import type { RecordKind } from '../types';

/** Custom objects (type `kobject.<klass>`) show on their customer's timeline; Kustomer documents no page of their own. */
export const CUSTOM_OBJECT: RecordKind = {
	isType: (type) => type.startsWith('kobject.'),
	appPath(record) {
		const customerId = relatedId(record, 'customer');
		return customerId ? customerPath(customerId) : undefined;
	},
	/** A klass's attributes: known once a Custom Object Type is chosen (not an expression). */
	metadataName(parameter) {
		const klass = parameter('klass');
		return typeof klass === 'string' && klass.trim() && !klass.startsWith('=') ? `kobject.${klass.trim()}` : undefined;
	},
};
