export const id = 571;
export const ids = [571];
export const modules = {

/***/ 8571:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   runPublishMode: () => (/* binding */ runPublishMode)
/* harmony export */ });
/* harmony import */ var _buildx_annotations_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8162);
/* harmony import */ var _publish_publish_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6326);
/* harmony import */ var _report_builder_notes_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(2157);
/* harmony import */ var _report_gantt_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(4200);
/* harmony import */ var _revision_read_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9905);
/* harmony import */ var _merge_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6129);
/* harmony import */ var _request_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9181);







async function runPublishMode(plan, ports) {
    const started = Date.now();
    const requestsBefore = ports.registry.requestCounts();
    // metadata-action's `manifest:` lines go to the images in the build; the rest go to the index.
    const built = (0,_request_js__WEBPACK_IMPORTED_MODULE_4__/* .buildPublishRequest */ .d)(plan, {
        ...ports,
        annotations: (0,_buildx_annotations_js__WEBPACK_IMPORTED_MODULE_0__/* .indexAnnotationText */ .$)(plan.annotations),
        scans: ports.prefetch.scans
    });
    await (0,_publish_publish_js__WEBPACK_IMPORTED_MODULE_1__/* .reachOtherRepositories */ .Ao)(ports.registry, built.request);
    const { result, reads } = await buildReadingAhead(plan, built.request, ports, started);
    // One multi-platform target pushed one index for every platform: each digest is merged once.
    const sources = [...new Set(result.digests.values())].map((digest) => ({ ...plan.target, digest }));
    const publishStarted = Date.now();
    const merged = await (0,_merge_js__WEBPACK_IMPORTED_MODULE_3__/* .publishSources */ .S)(built, sources, { ports, started: publishStarted, requestsBefore });
    const timeline = [
        ...result.tasks,
        ...reads.map((read) => ({
            section: 'publish',
            name: 'verify reads ahead, during the push',
            startMs: read.startedAt - started,
            durationMs: read.durationMs
        })),
        ...merged.outcome.phases.map((phase) => ({
            section: 'publish',
            name: phase.name,
            startMs: publishStarted - started + phase.startMs,
            durationMs: phase.durationMs
        }))
    ];
    return {
        ...merged,
        summary: (0,_report_gantt_js__WEBPACK_IMPORTED_MODULE_5__/* .ganttChart */ .$)(timeline) + '\n' + merged.summary + (0,_report_builder_notes_js__WEBPACK_IMPORTED_MODULE_6__/* .builderNotesSection */ .S)(result.notes),
        builds: result.runs,
        emulation: result.emulation,
        driver: result.driver,
        metadata: Object.fromEntries(result.metadata)
    };
}
/**
 * The build, each pushed image read ahead meanwhile (not in a dry run: nothing is verified there). The
 * reads are settled before anything else, the build's failure included: they only read, and their
 * failures are left for the verification that counts.
 */
async function buildReadingAhead(plan, request, ports, started) {
    const building = ports.builder.build({
        target: plan.target,
        platforms: plan.platforms,
        // Each image records the commit it was built from: the record forward-only reads back (Docker lists too).
        build: { ...plan.build, labels: (0,_revision_read_js__WEBPACK_IMPORTED_MODULE_2__/* .labelsFor */ .dS)(ports.context, plan.build.labels) },
        qemu: plan.qemu,
        stagingId: ports.stagingId,
        stageAlways: false,
        started,
        ...(plan.dryRun
            ? {}
            : {
                onPushed: (image) => {
                    ports.prefetch.start(request, image);
                }
            })
    });
    try {
        const result = await building;
        return { result, reads: await ports.prefetch.settled() };
    }
    catch (error) {
        await ports.prefetch.settled();
        throw error;
    }
}


/***/ }),

/***/ 2157:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   S: () => (/* binding */ builderNotesSection)
/* harmony export */ });
/** What the builder silently left out (e.g. provenance on the classic image store), as a summary section. */
function builderNotesSection(notes) {
    if (!notes || notes.length === 0)
        return '';
    return `\n**Builder notes**\n\n${notes.map((note) => `- ${note}`).join('\n')}\n`;
}


/***/ }),

/***/ 4200:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $: () => (/* binding */ ganttChart)
/* harmony export */ });
/** Mermaid task names may not hold ':' or '#'; keep them readable. */
const clean = (text) => text.replace(/[:#;]/g, ' ').trim();
function ganttChart(tasks) {
    const lines = ['```mermaid', 'gantt', '  dateFormat x', '  axisFormat %M:%S'];
    const sections = [...new Set(tasks.map((t) => t.section))];
    let id = 0;
    for (const section of sections) {
        lines.push(`  section ${clean(section)}`);
        for (const task of tasks.filter((t) => t.section === section)) {
            const tag = task.status === 'failed' ? 'crit, ' : task.status === 'cancelled' ? 'done, ' : '';
            const seconds = (task.durationMs / 1000).toFixed(1);
            lines.push(`  ${clean(task.name)} ${seconds}s :${tag}t${id++}, ${Math.round(task.startMs)}, ${Math.round(task.startMs + Math.max(task.durationMs, 1))}`);
        }
    }
    lines.push('```');
    return lines.join('\n') + '\n';
}


/***/ })

};
