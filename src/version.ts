/** The package version, printed by `--version`; a unit test keeps it equal to package.json. */
export const VERSION = '0.2.0'
