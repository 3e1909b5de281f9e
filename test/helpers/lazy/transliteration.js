// See ../lazyModules.js.
module.exports = require('../lazyModules').lazy('transliteration');
