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

/** Why a native module does not load in this Node (its first error line), or null when it loads. */
function loadError(name) {
  const run = spawnSync(process.execPath, ['-e', NATIVE[name]], { cwd: root, encoding: 'utf8' });
  if (run.status === 0) return null;
  const abi = run.stderr.match(/NODE_MODULE_VERSION (\d+)/)?.[1];
  if (abi) return `compiled for Node module ABI ${abi}, this Node's is ${process.versions.modules}`;
  const lines = run.stderr.split('\n').map((l) => l.trim());
  return lines.find((l) => /Error/.test(l)) ?? lines.find(Boolean) ?? `exit ${run.status}`;
}

/** The native modules that do not load in the running Node, with the reason. */
function nativeLoadErrors() {
  return Object.keys(NATIVE).flatMap((name) => {
    const error = loadError(name);
    return error ? [{ name, error }] : [];
  });
}

function buildAll() {
  let failed = false;
  for (const { name } of nativeLoadErrors()) {
    const dir = dirname(require.resolve(`${name}/package.json`, { paths: [root] }));
    console.log(`building ${name} for Node ${process.version}`);
    const build = spawnSync(process.execPath, [join(__dirname, 'node-gyp.cjs'), 'rebuild', '--release'], { cwd: dir, stdio: 'inherit' });
    const error = loadError(name);
    if (build.status !== 0 || error) {
      console.error(`${name} could not be built for Node ${process.version}: ${error ?? `node-gyp exit ${build.status}`}`);
      failed = true;
    }
  }
  return !failed;
}

module.exports = { nativeLoadErrors };
if (require.main === module) process.exit(buildAll() ? 0 : 1);
