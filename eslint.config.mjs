// n8n's verification rules for community packages, applied the way n8n's own tools apply
// them: `@n8n/node-cli`'s `n8n-node lint` for the sources and `@n8n/scan-community-package`
// for the published files. `npm run lint` runs ESLint with --no-inline-config, as the scanner
// does, so an eslint-disable comment cannot hide a violation here either.
import js from '@eslint/js';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import tseslint from 'typescript-eslint';

const community = n8nCommunityNodesPlugin.configs.recommended;

export default tseslint.config(
	{ ignores: ['node_modules/**', 'test/**', 'sandbox/**', 'scripts/**', 'examples/**', 'bench/**'] },
	{ plugins: { 'n8n-nodes-base': n8nNodesBase } },
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
		extends: [js.configs.recommended, tseslint.configs.recommended, community],
		rules: { 'prefer-spread': 'off', 'no-console': 'error' },
	},
	{
		files: ['package.json'],
		extends: [community],
		rules: { ...n8nNodesBase.configs.community.rules },
		languageOptions: {
			parser: tseslint.parser,
			parserOptions: { extraFileExtensions: ['.json'] },
		},
	},
	{
		files: ['credentials/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},
	// The scanner's tarball leg: what npm publishes (dist/) is linted as compiled JavaScript.
	{
		files: ['dist/**/*.js'],
		extends: [community],
		rules: { 'no-console': 'error' },
		languageOptions: { sourceType: 'commonjs' },
	},
);
