import './engine-flags.js'
import { run } from './main.js'
await run()
