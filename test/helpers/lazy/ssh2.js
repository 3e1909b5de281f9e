// See ../lazyModules.js.
module.exports = require('../lazyModules').lazy('ssh2');
