import * as pulumi from "@pulumi/pulumi";
import {
    NfsServerPreparation,
    StorageNodePreparation,
    nfsServerPreparationProblem,
    storageNodePreparationProblem,
    type NfsServerPreparationArgs,
    type StorageNodePreparationArgs,
} from "../../../components/storage/nfs-server";
import {
    DEFAULT_EXPORT_OPTIONS,
    iscsiCheckScript,
    nfsClientScript,
    prepareExportScript,
    unexportScript,
    viaSh,
} from "../../../components/storage/nfs-server-scripts";
import { SecretValue, type CapturedResource } from "../../../tools/runtime/capture";
import { capture, findResource, ofType } from "../../helpers/capture";

const REMOTE = "command:remote:Command";
const KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\nnot-a-real-key\n-----END OPENSSH PRIVATE KEY-----\n";
const SERVER: NfsServerPreparationArgs = {
    host: "192.168.56.11",
    ssh: { user: "ops", privateKey: KEY },
    share: "/srv/nfs-volume",
    clients: "192.168.56.0/24",
    unexportOnDelete: false,
};
const EXP = { share: SERVER.share, clients: SERVER.clients, options: DEFAULT_EXPORT_OPTIONS };
const NODES: StorageNodePreparationArgs = {
    nodes: [
        { name: "cp-1", address: "192.168.56.21" },
        { name: "worker-1", address: "192.168.56.31" },
        { name: "worker-2", address: "192.168.56.32" },
    ],
    ssh: { user: "ops", privateKey: KEY, port: 2222 },
    installNfsClient: true,
    checkIscsi: true,
};

/** Every string in the command's inputs outside `connection` (scripts, triggers). */
function plainStrings(command: CapturedResource): string {
    return JSON.stringify({ ...command.inputs, connection: undefined });
}

/** What constructing throws under the mocks (caught inside the program: a throw there would crash the run). */
async function thrown(construct: () => unknown): Promise<string> {
    let error: unknown;
    await capture(() => {
        try {
            construct();
        } catch (e) {
            error = e;
        }
    });
    return pulumi.ResourceError.isInstance(error) ? `ResourceError: ${error.message}` : String(error);
}

describe("NfsServerPreparation", () => {
    let resources: readonly CapturedResource[];
    let exported: string;

    beforeAll(async () => {
        resources = (
            await capture(() => {
                exported = new NfsServerPreparation("nfs", SERVER).export;
            })
        ).resources;
    });

    it("runs the export script on the host once, re-running only when it changes", () => {
        const component = findResource(resources, "platform:storage:NfsServerPreparation", "nfs");
        const [command] = ofType(resources, REMOTE);
        expect(ofType(resources, REMOTE)).toHaveLength(1);
        expect(command.name).toBe("nfs-export");
        expect(command.parent).toBe(component.urn);
        expect(command.inputs.create).toBe(viaSh(prepareExportScript(EXP)));
        expect(command.inputs.triggers).toEqual([command.inputs.create]);
        expect(command.options.deleteBeforeReplace).toBe(true);
        expect(exported).toBe("/srv/nfs-volume 192.168.56.0/24(rw,sync,no_subtree_check,no_root_squash)");
    });

    it("connects over SSH with the key as a secret, and keeps it out of scripts and triggers", () => {
        const command = findResource(resources, REMOTE, "nfs-export");
        // The SDK lifts the secret key to the whole connection object.
        expect(command.inputs.connection).toBeInstanceOf(SecretValue);
        expect((command.inputs.connection as SecretValue).value).toEqual({
            host: "192.168.56.11",
            user: "ops",
            port: 22,
            privateKey: KEY,
        });
        expect(plainStrings(command)).not.toContain("not-a-real-key");
    });

    it("leaves the export in place on delete unless asked", async () => {
        expect(findResource(resources, REMOTE, "nfs-export").inputs.delete).toBeUndefined();
        const run = await capture(() => void new NfsServerPreparation("nfs", { ...SERVER, unexportOnDelete: true }));
        const command = findResource(run.resources, REMOTE, "nfs-export");
        expect(command.inputs.delete).toBe(viaSh(unexportScript(EXP)));
        expect(command.inputs.delete).not.toContain("rm -r");
        expect(plainStrings(command)).not.toContain("not-a-real-key");
    });

    it("exports with the options given instead of the default", async () => {
        let line = "";
        const options = ["rw", "sync", "no_subtree_check", "root_squash"];
        const run = await capture(() => {
            line = new NfsServerPreparation("nfs", { ...SERVER, exportOptions: options }).export;
        });
        expect(line).toBe("/srv/nfs-volume 192.168.56.0/24(rw,sync,no_subtree_check,root_squash)");
        expect(findResource(run.resources, REMOTE, "nfs-export").inputs.create).toBe(
            viaSh(prepareExportScript({ ...EXP, options })),
        );
    });

    it.each([
        [{ host: "" }, "args.host must be a host name or address"],
        [
            { ssh: { user: "", privateKey: KEY } },
            "args.ssh.user must be a user name without whitespace, ':' or '@' (got \"\")",
        ],
        [
            { ssh: { user: "ops", privateKey: KEY, port: 0 } },
            "args.ssh.port must be an integer from 1 to 65535 (got 0)",
        ],
        [{ ssh: { user: "ops", privateKey: KEY, port: 22.5 } }, "args.ssh.port must be an integer"],
        [{ share: "srv/nfs" }, "args.share must be an absolute path"],
        [{ clients: "*" }, "args.clients must be the cluster's node subnet"],
        [{ exportOptions: ["rw", "ro"] }, 'args.exportOptions has "rw" and "ro"'],
    ] as [Partial<NfsServerPreparationArgs>, string][])("refuses %j", (change, message) => {
        expect(nfsServerPreparationProblem({ ...SERVER, ...change })).toContain(message);
    });

    it("throws a ResourceError naming the component", async () => {
        expect(nfsServerPreparationProblem(SERVER)).toBeUndefined();
        expect(await thrown(() => new NfsServerPreparation("nfs", { ...SERVER, share: "relative" }))).toMatch(
            /^ResourceError: NfsServerPreparation nfs: args\.share must be an absolute path/,
        );
    });
});

describe("StorageNodePreparation", () => {
    let resources: readonly CapturedResource[];

    beforeAll(async () => {
        resources = (await capture(() => void new StorageNodePreparation("storage-nodes", NODES))).resources;
    });

    it("runs one command per node and task, on that node", () => {
        const component = findResource(resources, "platform:storage:StorageNodePreparation", "storage-nodes");
        expect(ofType(resources, REMOTE)).toHaveLength(6);
        for (const node of NODES.nodes) {
            for (const [task, script] of [
                ["nfs-client", nfsClientScript()],
                ["iscsi-check", iscsiCheckScript()],
            ]) {
                const command = findResource(resources, REMOTE, `storage-nodes-${node.name}-${task}`);
                expect(command.parent).toBe(component.urn);
                expect(command.inputs.create).toBe(viaSh(script));
                expect(command.inputs.triggers).toEqual([command.inputs.create]);
                expect(command.inputs.delete).toBeUndefined();
                expect(command.inputs.connection).toBeInstanceOf(SecretValue);
                expect((command.inputs.connection as SecretValue).value).toEqual({
                    host: node.address,
                    user: "ops",
                    port: 2222,
                    privateKey: KEY,
                });
                expect(plainStrings(command)).not.toContain("not-a-real-key");
            }
        }
    });

    it("runs only the tasks that are on", async () => {
        const clientOnly = await capture(() => void new StorageNodePreparation("sn", { ...NODES, checkIscsi: false }));
        expect(ofType(clientOnly.resources, REMOTE).map((r) => r.name)).toEqual([
            "sn-cp-1-nfs-client",
            "sn-worker-1-nfs-client",
            "sn-worker-2-nfs-client",
        ]);
        const none = await capture(
            () => void new StorageNodePreparation("sn", { ...NODES, installNfsClient: false, checkIscsi: false }),
        );
        expect(ofType(none.resources, REMOTE)).toEqual([]);
    });

    it.each([
        [{ nodes: [] }, "args.nodes must name at least one node when installNfsClient or checkIscsi is on"],
        [
            { nodes: [{ name: "Worker 1", address: "10.0.0.1" }] },
            'args.nodes[0].name must be a lowercase node name (got "Worker 1")',
        ],
        [
            {
                nodes: [
                    { name: "w", address: "10.0.0.1" },
                    { name: "w", address: "10.0.0.2" },
                ],
            },
            'args.nodes[1].name "w" is listed twice',
        ],
        [{ nodes: [{ name: "w", address: " " }] }, "args.nodes[0].address must be a host name or address"],
        [{ ssh: { user: "root user", privateKey: KEY } }, "args.ssh.user must be a user name"],
        [{ ssh: { user: "ops", privateKey: KEY, port: 70000 } }, "args.ssh.port must be an integer from 1 to 65535"],
    ] as [Partial<StorageNodePreparationArgs>, string][])("refuses %j", (change, message) => {
        expect(storageNodePreparationProblem({ ...NODES, ...change })).toContain(message);
    });

    it("accepts no nodes when every task is off, and throws a ResourceError naming the component", async () => {
        expect(storageNodePreparationProblem({ ...NODES, nodes: [], installNfsClient: false, checkIscsi: false })).toBe(
            undefined,
        );
        expect(await thrown(() => new StorageNodePreparation("sn", { ...NODES, nodes: [] }))).toMatch(
            /^ResourceError: StorageNodePreparation sn: args\.nodes must name at least one node/,
        );
    });
});
