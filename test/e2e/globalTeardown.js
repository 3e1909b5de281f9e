/** Removes the user folders globalSetup.js provisioned. */
const { removeTemplates } = require('../../scripts/n8n/environment');

module.exports = async () => removeTemplates();
