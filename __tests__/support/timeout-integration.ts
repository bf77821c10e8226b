// jest applies `testTimeout` only globally, not per project: the integration layer sets its own here.
import { jest } from '@jest/globals'
jest.setTimeout(60000)
