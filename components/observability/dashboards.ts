// The Grafana dashboards under `dashboards/` in the repository: reading them, and what Grafana's sidecar needs of
// each before it can load it.
import * as fs from "node:fs";
import * as path from "node:path";
import { isRecord } from "../../contract/json";
import { byCodePoint } from "../../contract/order";

/** `dashboards/` at the repository root, found from this module's place in it (as tools/render/render.ts does). */
export const DASHBOARDS_DIR = path.resolve(__dirname, "../../dashboards");

/** A dashboard file's name: a DNS label and `.json`, since it names the ConfigMap that ships it. */
export const DASHBOARD_FILE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?\.json$/;

/** The uids of the datasources Grafana is provisioned with (kube-prometheus-stack's Prometheus, and Loki). */
export const DASHBOARD_DATASOURCE_UIDS: readonly string[] = ["prometheus", "loki"];

/** Grafana's rule for a dashboard uid: at most 40 letters, digits, `-` and `_`. */
const DASHBOARD_UID = /^[A-Za-z0-9_-]{1,40}$/;

/** The dashboard files in `dashboards/`, sorted; empty when there is no such directory. */
export function dashboardFiles(): string[] {
    if (!fs.existsSync(DASHBOARDS_DIR)) {
        return [];
    }
    return fs
        .readdirSync(DASHBOARDS_DIR)
        .filter((f) => f.endsWith(".json"))
        .sort(byCodePoint);
}

/** The text of `dashboards/<file>`; the name must be a DASHBOARD_FILE (no path, so nothing outside is read). */
export function readDashboard(file: string): string {
    if (!DASHBOARD_FILE.test(file)) {
        throw new Error(`dashboard file ${JSON.stringify(file)} is not a DNS label followed by .json`);
    }
    return fs.readFileSync(path.join(DASHBOARDS_DIR, file), "utf8");
}

/** `panels[0].targets[1].datasource` for a path of keys and indices. */
function formatPath(keys: readonly (string | number)[]): string {
    return keys.map((k, i) => (typeof k === "number" ? `[${k}]` : i === 0 ? k : `.${k}`)).join("");
}

/** Every `datasource` value in the document (panels, their targets, rows' panels, template variables), with its path. */
function datasourceRefs(node: unknown, at: readonly (string | number)[] = []): [string, unknown][] {
    if (Array.isArray(node)) {
        return node.flatMap((item, i) => datasourceRefs(item, [...at, i]));
    }
    if (!isRecord(node)) {
        return [];
    }
    return Object.entries(node).flatMap(([key, value]): [string, unknown][] =>
        key === "datasource" ? [[formatPath([...at, key]), value]] : datasourceRefs(value, [...at, key]),
    );
}

/** What is wrong with one datasource reference, or undefined: it must name a provisioned datasource by uid. */
function datasourceProblem(where: string, ref: unknown): string | undefined {
    if (ref === null) {
        return undefined; // Grafana's default datasource
    }
    const uid = typeof ref === "string" ? ref : isRecord(ref) ? ref.uid : undefined;
    if (typeof uid !== "string") {
        return `${where} names no datasource uid (use { "type": …, "uid": "prometheus" })`;
    }
    if (!DASHBOARD_DATASOURCE_UIDS.includes(uid)) {
        return `${where} names datasource uid ${JSON.stringify(uid)}, not one of the provisioned ${DASHBOARD_DATASOURCE_UIDS.join(", ")}`;
    }
    return undefined;
}

/**
 * What stops Grafana's sidecar from loading `dashboards/<file>` as the platform means it, each message naming the
 * file: the text must be JSON of a dashboard model itself (not the HTTP API's `{"dashboard": {…}}` envelope, which
 * the sidecar loads as an untitled, empty dashboard), with a string `title`, a `uid` Grafana accepts (so links to
 * it are stable), and every datasource reference naming a provisioned datasource uid (DASHBOARD_DATASOURCE_UIDS).
 */
export function dashboardProblems(file: string, text: string): string[] {
    const name = `dashboards/${file}`;
    let model: unknown;
    try {
        model = JSON.parse(text);
    } catch (e) {
        return [`${name}: is not JSON (${(e as Error).message})`];
    }
    if (!isRecord(model)) {
        return [`${name}: is not a JSON object`];
    }
    if (isRecord(model.dashboard)) {
        return [
            `${name}: is wrapped as {"dashboard": {…}} (the HTTP API's envelope); the file must be the dashboard model itself`,
        ];
    }
    const problems: string[] = [];
    if (typeof model.title !== "string" || model.title.trim() === "") {
        problems.push(`${name}: has no top-level string "title"`);
    }
    if (typeof model.uid !== "string" || !DASHBOARD_UID.test(model.uid)) {
        problems.push(`${name}: has no "uid" of 1 to 40 letters, digits, "-" and "_"`);
    }
    if (model.panels !== undefined && !Array.isArray(model.panels)) {
        problems.push(`${name}: "panels" is not a list`);
    }
    for (const [where, ref] of datasourceRefs(model)) {
        const problem = datasourceProblem(where, ref);
        if (problem !== undefined) {
            problems.push(`${name}: ${problem}`);
        }
    }
    return problems;
}
