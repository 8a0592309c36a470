import { generateKeyPairSync } from "node:crypto";
import { parsePlatformConfig } from "../../stacks/config/loader";
import { problemsAfter, withChange, type RawConfig } from "./cases";

/** A real private key, made for the test: the schema checks the shape of what `pulumi config set` stores. */
const PRIVATE_KEY = generateKeyPairSync("ed25519").privateKey.export({ format: "pem", type: "pkcs8" }).toString();

/** Stage with the export prepared over SSH, the key stored. */
function prepared(c: RawConfig): void {
    c.storage.nfs.prepare = {};
    c.storage.ssh = { user: "vagrant" };
    c.storageSshKey = PRIVATE_KEY;
}

describe("the NFS export", () => {
    it.each([
        ["nfs://192.168.56.11", "a URL"],
        ["192.168.56.300", "an address out of range"],
        ["192.168.56.11:/srv/nfs-volume", "server and path in one"],
        ["nfs_server", "a name that is no DNS name"],
    ])("rejects the server %s (%s), naming the key", (server) => {
        expect(problemsAfter("stage", (c) => (c.storage.nfs.server = server))).toEqual([
            `platform:storage.nfs.server: ${JSON.stringify(server)} is not an IPv4 address or DNS name (no scheme, port or path: write the path in storage.nfs.share)`,
        ]);
    });

    it("takes a DNS name as the server", () => {
        const { storage } = parsePlatformConfig(
            withChange("stage", (c) => (c.storage.nfs.server = "nfs.lab.internal")),
        );
        expect(storage.nfs?.server).toBe("nfs.lab.internal");
    });

    it.each(["srv/nfs-volume", "/", "/srv/../etc", "/srv/./nfs"])("rejects the share %s", (share) => {
        expect(problemsAfter("stage", (c) => (c.storage.nfs.share = share))).toEqual([
            `platform:storage.nfs.share: ${JSON.stringify(share)} is not an absolute directory below / (e.g. /srv/nfs), without . or .. segments`,
        ]);
    });

    it("requires the server and the share: neither has a default", () => {
        expect(problemsAfter("stage", (c) => (c.storage.nfs = {}))).toEqual([
            "platform:storage.nfs.server: Invalid input: expected string, received undefined",
            "platform:storage.nfs.share: Invalid input: expected string, received undefined",
        ]);
    });

    it("rejects a malformed mount option and one given twice", () => {
        expect(
            problemsAfter("prod", (c) => (c.storage.nfs.mountOptions = ["nfsvers=4.1", "hard,timeo=600", "nfsvers=3"])),
        ).toEqual([
            "platform:storage.nfs.mountOptions[1]: must be a mount option such as nfsvers=4.1, hard or timeo=600 (one per list entry)",
        ]);
        expect(
            problemsAfter("prod", (c) => (c.storage.nfs.mountOptions = ["nfsvers=4.1", "hard", "nfsvers=3"])),
        ).toEqual(["platform:storage.nfs.mountOptions[2]: duplicate mount option nfsvers (also at index 0)"]);
    });

    it("rejects an unknown onDelete policy, listing the known ones", () => {
        expect(problemsAfter("prod", (c) => (c.storage.nfs.onDelete = "keep"))).toEqual([
            'platform:storage.nfs.onDelete: "keep" is not an onDelete policy (delete, retain, archive)',
        ]);
    });
});

describe("preparing the export over SSH", () => {
    it("parses with the node subnet left to the wiring and nothing undone on delete", () => {
        const { storage } = parsePlatformConfig(withChange("stage", prepared));
        expect(storage.nfs?.prepare).toEqual({ unexportOnDelete: false, installClient: false });
        expect(storage.ssh).toEqual({ user: "vagrant", port: 22 });
    });

    it("needs the SSH user and the key, saying how to store the key", () => {
        expect(problemsAfter("stage", (c) => (c.storage.nfs.prepare = {}))).toEqual([
            "platform:storage.ssh: is required when storage.nfs.prepare or storage.longhorn.checkNodes is set (user, port)",
            "platform:storageSshKey: is required when storage.nfs.prepare or storage.longhorn.checkNodes is set; run `pulumi config set --secret platform:storageSshKey <value> --stack <stack>` with the private key file",
        ]);
    });

    it("rejects a key that is not one without showing it", () => {
        const problems = problemsAfter("stage", (c) => {
            prepared(c);
            c.storageSshKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPublicKeyNotPrivate";
        });
        expect(problems).toEqual([
            "platform:storageSshKey: is not a private key (not shown: the value is secret); store the whole key file, BEGIN and END lines included",
        ]);
    });

    it("rejects clients that leave out a node, naming it", () => {
        expect(
            problemsAfter("stage", (c) => {
                prepared(c);
                c.storage.nfs.prepare.clients = "192.168.56.0/28";
            }),
        ).toEqual([
            "platform:storage.nfs.prepare.clients: 192.168.56.0/28 leaves out node1 (192.168.56.21), node2 (192.168.56.22), node3 (192.168.56.23), gpu1 (192.168.56.31), whose mounts the server would refuse",
        ]);
    });

    it("rejects a user name sudo would not know and a port out of range", () => {
        expect(
            problemsAfter("stage", (c) => {
                prepared(c);
                c.storage.ssh = { user: "Root Admin", port: 70000 };
            }),
        ).toHaveLength(2);
    });
});

describe("Longhorn", () => {
    it("rejects more replicas than worker nodes, naming the workers", () => {
        expect(problemsAfter("prod", (c) => (c.storage.longhorn.replicas = 6))).toEqual([
            "platform:storage.longhorn.replicas: 6 replicas need as many worker nodes, but platform:cluster has 5 (data1, data2, data3, gpu1, gpu2); each replica goes to another node",
        ]);
    });

    it("rejects zero replicas", () => {
        expect(problemsAfter("prod", (c) => (c.storage.longhorn.replicas = 0))).toEqual([
            "platform:storage.longhorn.replicas: Too small: expected number to be >=1",
        ]);
    });

    it("needs SSH to check the nodes' open-iscsi", () => {
        expect(problemsAfter("prod", (c) => (c.storage.longhorn.checkNodes = true))).toHaveLength(2);
    });
});

describe("snapshots", () => {
    it("rejects snapshots without a class that takes them", () => {
        expect(
            problemsAfter("stage", (c) => {
                delete c.storage.nfs;
                c.storage.defaultClass = "local-path";
                c.storage.roles = {};
                c.storage.snapshots = { enabled: true };
            }),
        ).toEqual([
            "platform:storage.snapshots.enabled: no installed class takes snapshots (nfs-client and longhorn do; local-path does not)",
        ]);
    });

    it("rejects installing the snapshot controller without csi-driver-nfs, which carries it", () => {
        expect(
            problemsAfter("prod", (c) => {
                delete c.storage.nfs;
                c.storage.roles = { database: "local-path", metrics: "longhorn" };
            }),
        ).toEqual([
            "platform:storage.snapshots.installController: the snapshot CRDs and controller are installed with csi-driver-nfs, which needs storage.nfs; set installController false if the cluster has them",
        ]);
    });
});
