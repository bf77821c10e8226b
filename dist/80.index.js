export const id = 80;
export const ids = [80];
export const modules = {

/***/ 4080:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   runBuildMode: () => (/* binding */ runBuildMode)
/* harmony export */ });
/* harmony import */ var _report_builder_notes_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2157);
/* harmony import */ var _report_gantt_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4200);
/* harmony import */ var _revision_read_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9905);
/**
 * build mode, one matrix leg: build the leg's platform(s) and push each under its staging tag, so the
 * merge job of the same run finds it without artifacts. A re-run of a failed leg replaces its tag.
 */



async function runBuildMode(plan, ports) {
    const started = Date.now();
    const legs = await ports.builder.build({
        target: plan.target,
        platforms: plan.platforms,
        // Each image records the commit it was built from: the record forward-only reads back (Docker lists too).
        build: { ...plan.build, labels: (0,_revision_read_js__WEBPACK_IMPORTED_MODULE_0__/* .labelsFor */ .dS)(ports.context, plan.build.labels) },
        qemu: plan.qemu,
        stagingId: ports.stagingId,
        stageAlways: true,
        started
    });
    const platforms = Object.fromEntries(legs.digests);
    const refs = [...legs.digests.keys()].map((platform) => legs.stagingRefs.get(platform) ?? '');
    const rows = Object.entries(platforms).map(([platform, digest], i) => `| ${platform} | \`${refs[i] ?? ''}\` | \`${digest.slice(0, 19)}\` |`);
    const summary = (0,_report_gantt_js__WEBPACK_IMPORTED_MODULE_1__/* .ganttChart */ .$)(legs.tasks) +
        `\n### 🧱 Built ${Object.keys(platforms).length} leg(s) for staging id \`${ports.stagingId}\`\n\n` +
        '| platform | staging tag | digest |\n|---|---|---|\n' +
        rows.join('\n') +
        '\n\nA `mode: merge` job of this run with the same `image` and `platforms` publishes them.\n' +
        (0,_report_builder_notes_js__WEBPACK_IMPORTED_MODULE_2__/* .builderNotesSection */ .S)(legs.notes);
    const firstDigest = Object.values(platforms)[0] ?? 'sha256:none';
    const reportPath = await ports.reports.write('build', firstDigest, {
        tool: 'multiarch-publish',
        mode: 'build',
        stagingId: ports.stagingId,
        platforms,
        refs,
        builds: legs.runs.map(({ log: _log, ...run }) => run),
        emulation: legs.emulation,
        driver: legs.driver,
        durationMs: Date.now() - started
    });
    return { platforms, refs, metadata: Object.fromEntries(legs.metadata), summary, reportPath };
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
