/**
 * Set up before every unit test file (jest.config.js): the unit layer runs with no Docker and no registry,
 * so BENCH_DIR points at a folder that does not exist and any unit test that reaches the bench (bench(),
 * and so docker.ts, images.ts, …) fails instead of passing on a machine where the bench happens to be up.
 */
export const NO_BENCH_DIR = '/nonexistent/the-unit-layer-runs-without-the-bench'

process.env.BENCH_DIR = NO_BENCH_DIR
