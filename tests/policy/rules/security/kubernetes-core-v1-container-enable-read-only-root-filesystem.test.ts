import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { kubernetesCoreV1ContainerEnableReadOnlyRootFilesystem as policy } from "../../../../policy/rules/security/kubernetes-core-v1-container-enable-read-only-root-filesystem";
import { messages } from "../../../helpers/policy";
import { cannotRun, changeApp, changeInit, hardenedDeployment } from "./fixtures";

/** The seed's WordPress image writes plugins and uploads under its root filesystem. */
const wordpress = changeApp(hardenedDeployment("wordpress"), (c) => {
    c.image = "wordpress:6.8.1-php8.1-apache";
    delete c.securityContext.readOnlyRootFilesystem;
});

describe("kubernetes-core-v1-container-enable-read-only-root-filesystem", () => {
    it("passes a hardened Deployment", async () => {
        expect(await messages(policy, [hardenedDeployment()])).toEqual([]);
    });

    it("flags a container that leaves its root filesystem writable", async () => {
        expect(await messages(policy, [wordpress])).toEqual([
            'container "app" must set securityContext.readOnlyRootFilesystem=true',
        ]);
    });

    it("flags an init container that sets readOnlyRootFilesystem=false", async () => {
        const deployment = changeInit(hardenedDeployment(), (c) => {
            c.securityContext.readOnlyRootFilesystem = false;
        });
        expect(await messages(policy, [deployment])).toEqual([
            'init container "migrate" must set securityContext.readOnlyRootFilesystem=true',
        ]);
    });

    it("flags a writable root filesystem in kube-system: no namespace is exempt", async () => {
        const deployment = changeApp(hardenedDeployment("web", "kube-system"), (c) => {
            delete c.securityContext.readOnlyRootFilesystem;
        });
        expect(await messages(policy, [deployment])).toEqual([
            'container "app" must set securityContext.readOnlyRootFilesystem=true',
        ]);
    });

    it("passes an image the profile lists as needing a writable root", async () => {
        const config = { allowWritableRootFilesystem: ["docker.io/library/wordpress"] };
        expect(await messages(policy, [wordpress], config)).toEqual([]);
    });

    it("matches the allow-list on whole path components only", async () => {
        const config = { allowWritableRootFilesystem: ["docker.io/library/word"] };
        expect(await messages(policy, [wordpress], config)).toEqual([
            'container "app" must set securityContext.readOnlyRootFilesystem=true',
        ]);
    });

    it("reports that it cannot run when readOnlyRootFilesystem is unknown at preview", async () => {
        const deployment = changeApp(hardenedDeployment(), (c) => {
            c.securityContext.readOnlyRootFilesystem = PREVIEW_UNKNOWN;
        });
        expect(await messages(policy, [deployment])).toEqual([
            cannotRun("spec.template.spec.containers.0.securityContext.readOnlyRootFilesystem"),
        ]);
    });
});
