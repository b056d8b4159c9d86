#!/usr/bin/env node
'use strict';
const { exitWithParent, relaunchWithHeapLimits } = require('../dist/heap-limits.js');

const argv = process.argv.slice(2);
if (!relaunchWithHeapLimits(__filename, argv)) {
  exitWithParent();
  require('../dist/main.js').main(argv);
}
