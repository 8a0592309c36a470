import { parsePlatformConfig } from "../../stacks/config/loader";
import { problemsAfter, withChange, type RawConfig } from "./cases";

// The ACME settings reach the ClusterIssuers as written, so each is held to its form: the account e-mail, the AWS
// region, the RFC2136 nameserver and TSIG algorithm; the secret credential is checked without being shown.

const RFC2136 = { provider: "rfc2136", nameserver: "10.0.0.53:53", tsigKeyName: "acme-update" };

/** Prod (Let's Encrypt over DNS-01) with its provider settings replaced. */
const withDns01 = (dns01: RawConfig) => (c: RawConfig) => (c.tls.acme.dns01 = dns01);

describe("ACME account e-mail", () => {
    it.each(["platform-team", "platform-team@", "@platform.example.com"])("rejects %j", (email) => {
        expect(problemsAfter("prod", (c) => (c.tls.acme.email = email))).toEqual([
            `platform:tls.acme.email: "${email}" is not an e-mail address`,
        ]);
    });
});

describe("Route53", () => {
    it.each(["Seoul", "ap-northeast", "AP-NORTHEAST-2", "apnortheast2"])("rejects the region %j", (region) => {
        expect(problemsAfter("prod", (c) => (c.tls.acme.dns01.region = region))).toEqual([
            `platform:tls.acme.dns01.region: "${region}" is not an AWS region such as ap-northeast-2`,
        ]);
    });

    it.each(["us-east-1", "eu-central-2", "us-gov-west-1", "cn-northwest-1"])("accepts the region %j", (region) => {
        const raw = withChange("prod", (c) => (c.tls.acme.dns01.region = region));
        expect(parsePlatformConfig(raw).tls.acme.dns01).toMatchObject({ region });
    });
});

describe("RFC2136", () => {
    it.each(["10.0.0.53", "10.0.0.53:53", "ns1.platform.example.com:5353", "[2001:db8::53]:53", "[2001:db8::53]"])(
        "accepts the nameserver %j",
        (nameserver) => {
            const raw = withChange("prod", withDns01({ ...RFC2136, nameserver }));
            expect(parsePlatformConfig(raw).tls.acme.dns01).toEqual({
                ...RFC2136,
                nameserver,
                tsigAlgorithm: "HMACSHA256",
            });
        },
    );

    it.each(["10.0.0.53:0", "10.0.0.53:65536", "ns1:dns", "2001:db8::53", "[2001:db8::zz]:53", "NS1.example.com"])(
        "rejects the nameserver %j",
        (nameserver) => {
            expect(problemsAfter("prod", withDns01({ ...RFC2136, nameserver }))).toEqual([
                `platform:tls.acme.dns01.nameserver: "${nameserver}" is not host[:port]: a DNS name or IPv4 address, or an IPv6 address in brackets, with a port of 1-65535`,
            ]);
        },
    );

    it("accepts the TSIG algorithms cert-manager supports and rejects others", () => {
        const raw = withChange("prod", withDns01({ ...RFC2136, tsigAlgorithm: "HMACSHA512" }));
        expect(parsePlatformConfig(raw).tls.acme.dns01).toMatchObject({ tsigAlgorithm: "HMACSHA512" });
        expect(problemsAfter("prod", withDns01({ ...RFC2136, tsigAlgorithm: "hmac-sha256" }))).toEqual([
            'platform:tls.acme.dns01.tsigAlgorithm: Invalid option: expected one of "HMACMD5"|"HMACSHA1"|"HMACSHA256"|"HMACSHA512"',
        ]);
    });
});

describe("the DNS-01 credential", () => {
    it.each(["wJalrXUtnFEMI/K7MDENG\n", "wJalrXUtnFEMI K7MDENG", "\ufeffwJalrXUtnFEMI"])(
        "rejects %j without showing it",
        (secret) => {
            const found = problemsAfter("prod", (c) => (c.dns01Credentials = secret));
            // One problem: a malformed credential is not also reported as missing.
            expect(found).toEqual([
                "platform:dns01Credentials: contains whitespace or an invisible character (not shown: the value is secret); values are used as written, so set it again without it",
            ]);
            expect(found.join("\n")).not.toContain("K7MDENG");
        },
    );
});
