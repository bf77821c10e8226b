/**
 * Names of the action's inputs and outputs: the single source used by main, cli, the docs check and tests.
 * Keep it equal to action.yml (a unit test compares them).
 */
export const Inputs = {
  mode: 'mode'
} as const

export const Outputs = {} as const

export type InputName = (typeof Inputs)[keyof typeof Inputs]
