// `node -r test/helpers/register-source.js script.js`: the script runs on the source, as the tests do (see source.js).
require('./source').register();
