// jest applies `testTimeout` only globally, not per project: the e2e layer sets its own here.
import { jest } from '@jest/globals'
jest.setTimeout(300000)
