#!/usr/bin/env node
// `npm install`'s last step (the root postinstall): make every native module load in the Node that
// runs the install. A native module's own install script builds with whatever `nodedir` the
// user's npm config names (or downloads headers, impossible offline), so the repo's allowScripts
// denies those scripts and this file builds them, once, with ./node-gyp.cjs (the running Node's
// own headers). Under an npm that ignores allowScripts the module's own script has run already:
// then it loads and nothing is built again. Run `npm run postinstall` after switching Node.
'use strict';
const { spawnSync } = require('node:child_process');
const { dirname, join } = require('node:path');

/** Native modules and a line that fails unless the compiled addon loads in this Node. */
const NATIVE = {
  'better-sqlite3': "new (require('better-sqlite3'))(':memory:').close()",
};

const root = join(__dirname, '..', '..');
let failed = false;
for (const [name, probe] of Object.entries(NATIVE)) {
  const loads = spawnSync(process.execPath, ['-e', probe], { cwd: root, encoding: 'utf8' });
  if (loads.status === 0) continue;
  const dir = dirname(require.resolve(`${name}/package.json`, { paths: [root] }));
  console.log(`building ${name} for Node ${process.version}`);
  const build = spawnSync(process.execPath, [join(__dirname, 'node-gyp.cjs'), 'rebuild', '--release'], { cwd: dir, stdio: 'inherit' });
  const after = spawnSync(process.execPath, ['-e', probe], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0 || after.status !== 0) {
    console.error(`${name} could not be built for Node ${process.version}: ${after.stderr.trim().split('\n')[0] ?? ''}`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
