// A stand-in that loads the module on first use: see ../../../lazyModules.js.
module.exports = require('../../../lazyModules').standIn(__filename);
