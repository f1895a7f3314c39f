#!/usr/bin/env node
'use strict';
// The language server is compiled TypeScript (npm run build writes out/). Editors start it with --stdio.
require('../out/server/src/lsp/main.js');
