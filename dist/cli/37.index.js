export const id = 37;
export const ids = [37];
export const modules = {

/***/ 9037:
/***/ ((__unused_webpack_module, __unused_webpack___webpack_exports__, __webpack_require__) => {


// EXTERNAL MODULE: external "node:module"
var external_node_module_ = __webpack_require__(8995);
var external_node_module_default = /*#__PURE__*/__webpack_require__.n(external_node_module_);
// EXTERNAL MODULE: external "node:v8"
var external_node_v8_ = __webpack_require__(8877);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
;// CONCATENATED MODULE: ./src/compile-cache.ts
/**
 * Where Node's compile cache goes (engine-flags turns it on for every entry). On a runner: RUNNER_TEMP,
 * the folder the runner gives each job for temporary files and empties after it, so a second step of the
 * job that runs us starts from compiled code and nothing outlives the job. Elsewhere (a terminal):
 * undefined, Node's own default, `node-compile-cache` in the OS temp folder, where Node keeps it for every
 * program that asks. NODE_COMPILE_CACHE and NODE_DISABLE_COMPILE_CACHE keep Node's meaning either way:
 * Node reads them itself, before us.
 */

function compileCacheDirectory(env) {
    const runnerTemp = env.RUNNER_TEMP?.trim();
    return runnerTemp ? external_node_path_default().join(runnerTemp, 'node-compile-cache') : undefined;
}

;// CONCATENATED MODULE: ./src/engine-flags.ts
/**
 * How the engine runs this process, set before the core and its packages are evaluated (each entry
 * imports this, then the core; `--version` and help need neither).
 *
 * V8 flags: undici compiles its HTTP parser (llhttp, WebAssembly) as its module loads, and V8 then
 * compiles it again with TurboFan on background threads: CPU spent on a runner whose cores the build or
 * QEMU are using. Liftoff's baseline code parses the few hundred responses of a run
 * just as well; bodies pass through the parser in spans, not byte by byte.
 *
 * Node's compile cache (Node ≥ 22.1; absent before): the chunks the entries import lazily (the core and
 * its packages) are compiled once per machine and Node version, not on every CLI call or action step.
 */



(0,external_node_v8_.setFlagsFromString)('--liftoff-only');
const enableCompileCache = (external_node_module_default()).enableCompileCache;
enableCompileCache?.(compileCacheDirectory(process.env));


/***/ })

};
