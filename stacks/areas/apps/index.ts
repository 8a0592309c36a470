import { WordPress } from "../../../components/apps";
import { need, type Area } from "../area";
import { checkWordPress } from "./checks";
import { appsSections } from "./schema";

const AREA = "apps";

/** The WordPress reference app (seed 001) on the Workload building block, its database from the data area. */
export const appsArea: Area<typeof appsSections> = {
    name: AREA,
    sections: appsSections,
    namespaces: () => [],
    // Judged against the other sections only once they are sound: their own problems report there.
    check: ({ apps, network, data, storage }, { sound }) =>
        apps
            ? checkWordPress(apps.wordpress, {
                  network: sound("network") ? network : undefined,
                  data: sound("data") ? data : undefined,
                  storage: sound("storage") ? storage : undefined,
              })
            : [],
    wire: ({ apps }, { refs }) => {
        const wordpress = apps.wordpress;
        if (wordpress === undefined) {
            return { outputs: {}, namespaces: new Map(), flows: [], refs: {} };
        }
        const { registryMirror } = need(refs, "sources", AREA);
        const storage = need(refs, "storage", AREA);
        const priorityClasses = need(refs, "priorityClasses", AREA);
        const app = new WordPress(
            "wordpress",
            {
                namespace: wordpress.namespace,
                database: need(refs, "databases", AREA)[wordpress.database],
                ...(wordpress.objectCache ? { cache: need(refs, "cache", AREA) } : {}),
                uploads: { storageClass: storage.classes.shared!, size: wordpress.uploadsSize },
                autoscaling: wordpress.autoscaling,
                route: { hostname: wordpress.hostname, gateway: need(refs, "gateway", AREA) },
                protect: wordpress.protect,
                registryMirror,
                priorityClassName: priorityClasses.tenant,
            },
            { dependsOn: [need(refs, "tenants", AREA).get(wordpress.namespace)!, ...priorityClasses.resources] },
        );
        return {
            outputs: { wordpress: { url: `https://${wordpress.hostname}/`, service: app.serviceName } },
            namespaces: new Map(),
            flows: [],
            refs: {},
        };
    },
};
