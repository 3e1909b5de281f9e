// Removes dist/ so a build never ships files whose source was deleted.
require('fs').rmSync(require('path').join(__dirname, '..', 'dist'), { recursive: true, force: true });
