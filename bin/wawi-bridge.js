#!/usr/bin/env node
// The command is compiled to dist/ by `npm ci` (the prepare script) and by `npm run build`.
import '../dist/cli/main.js';
