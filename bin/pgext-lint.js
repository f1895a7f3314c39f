#!/usr/bin/env node
'use strict';
// The CLI is compiled TypeScript (npm run build writes out/).
require('../out/server/src/cli/main.js').main();
