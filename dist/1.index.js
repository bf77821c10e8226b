export const id = 1;
export const ids = [1];
export const modules = {

/***/ 8001:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  actionHost: () => (/* binding */ actionHost)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 8 modules
var core = __webpack_require__(6058);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
;// CONCATENATED MODULE: ./src/host/context.ts
/** Outside a workflow most of these are empty; inside one (the action, or a CLI step) they are the runner's. */
function workflowContext(env = process.env) {
    return {
        serverUrl: env.GITHUB_SERVER_URL ?? '',
        repository: env.GITHUB_REPOSITORY ?? '',
        sha: env.GITHUB_SHA ?? '',
        // As the runner wrote it (a number, but only ever compared and printed as text).
        runId: env.GITHUB_RUN_ID ?? '',
        workspace: env.GITHUB_WORKSPACE ?? process.cwd()
    };
}

;// CONCATENATED MODULE: ./src/host/actions.ts
/**
 * The action's Host: inputs, outputs, masking, groups and failure on @actions/core; the workflow from the
 * runner's environment (@actions/github's context reads the same variables, and importing it evaluates
 * Octokit).
 */




function actionHost() {
    return {
        summaryApart: true,
        input: (name) => core/* getInput */.V4(name),
        context: workflowContext(),
        reportDir: external_node_path_default().join(process.env.RUNNER_TEMP ?? (0,external_node_os_.tmpdir)(), 'multiarch-publish'),
        insecureRegistries: [],
        log: {
            info: (line) => {
                core/* info */.pq(line);
            },
            warning: (line) => {
                core/* warning */.$e(line);
            },
            debug: (line) => {
                core/* debug */.Yz(line);
            },
            group: (title, body) => {
                core/* startGroup */.Oh(title);
                core/* info */.pq(body);
                core/* endGroup */.N4();
            }
        },
        secret: (value) => {
            core/* setSecret */.Pq(value);
        },
        setOutput: (name, value) => {
            core/* setOutput */.uH(name, value);
        },
        writeSummary: async (markdown) => {
            await core/* summary */.z.addRaw(markdown).write();
        },
        print: (text) => {
            core/* info */.pq(typeof text === 'string' ? text : Buffer.from(text).toString('utf8'));
        },
        fail: (failure) => {
            core/* setFailed */.C1(failure.line);
            for (const line of failure.more)
                core/* error */.z3(line);
        }
    };
}


/***/ })

};
