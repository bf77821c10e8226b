#!/usr/bin/env node
// multiarch-publish's CLI (package.json "bin"): the bundle and its chunks are in cli/.
import './cli/index.js'
