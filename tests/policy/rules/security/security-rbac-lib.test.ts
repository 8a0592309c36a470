import { unknownCheckingProxy } from "@pulumi/policy";
import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import {
    allows,
    grantedVerbs,
    nonEmpty,
    rbacRulesOf,
    resourceMatches,
    type RbacRule,
} from "../../../../policy/lib/security-rbac";

const rule = (fields: Partial<RbacRule>): RbacRule => ({
    label: "rules[0]",
    apiGroups: [],
    resources: [],
    verbs: [],
    resourceNames: [],
    nonResourceURLs: [],
    ...fields,
});

describe("resourceMatches", () => {
    it.each([
        ["*", "pods"],
        ["*", "pods/exec"],
        ["pods", "pods"],
        ["pods/exec", "pods/exec"],
        ["*/exec", "pods/exec"],
        ["*/scale", "deployments/scale"],
    ])("matches declared %s to %s", (declared, resource) => {
        expect(resourceMatches(declared, resource)).toBe(true);
    });

    it.each([
        ["pods", "pods/exec", "a resource does not grant its subresources"],
        ["pods/*", "pods/exec", "only the resource half of a subresource may be a wildcard"],
        ["*/exec", "pods", "a subresource wildcard needs a subresource"],
        ["*s", "pods", "a wildcard is not a glob"],
        ["*/exec", "/exec", "a subresource needs a resource before its slash"],
        ["Pods", "pods", "names are case-sensitive"],
    ])("does not match declared %s to %s: %s", (declared, resource) => {
        expect(resourceMatches(declared, resource)).toBe(false);
    });
});

describe("allows", () => {
    const getPods = rule({ apiGroups: [""], resources: ["pods"], verbs: ["get"] });

    it("grants what every list names", () => {
        expect(allows(getPods, "", "pods", "get")).toBe(true);
    });

    it.each([
        ["another group", "apps", "pods", "get"],
        ["another resource", "", "secrets", "get"],
        ["another verb", "", "pods", "list"],
    ])("refuses %s", (_what, group, resource, verb) => {
        expect(allows(getPods, group, resource, verb)).toBe(false);
    });

    it("reads * in apiGroups and verbs as every value", () => {
        expect(allows(rule({ apiGroups: ["*"], resources: ["pods"], verbs: ["*"] }), "apps", "pods", "delete")).toBe(
            true,
        );
    });

    it("grants nothing from an empty list", () => {
        expect(allows(rule({ resources: ["pods"], verbs: ["get"] }), "", "pods", "get")).toBe(false);
    });

    it("lists the granted verbs in the order asked", () => {
        const readAll = rule({ apiGroups: [""], resources: ["pods"], verbs: ["watch", "get"] });
        expect(grantedVerbs(readAll, "", "pods", ["get", "list", "watch"])).toEqual(["get", "watch"]);
    });
});

describe("rbacRulesOf", () => {
    it("reads each rule's lists, missing ones as empty, and labels rules by index", () => {
        const [first, second] = rbacRulesOf({
            rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get"], resourceNames: ["web"] }, null],
        });
        expect({ ...first }).toEqual({
            label: "rules[0]",
            apiGroups: [""],
            resources: ["pods"],
            verbs: ["get"],
            resourceNames: ["web"],
            nonResourceURLs: [],
        });
        expect({ ...second }).toEqual({
            label: "rules[1]",
            apiGroups: [],
            resources: [],
            verbs: [],
            resourceNames: [],
            nonResourceURLs: [],
        });
    });

    it("keeps only the text entries of a list", () => {
        const [only] = rbacRulesOf({ rules: [{ verbs: ["get", 7, null, "list"] }] });
        expect(only.verbs).toEqual(["get", "list"]);
    });

    it("reads no rules from a role without them", () => {
        expect(rbacRulesOf({})).toEqual([]);
    });

    it("reads a list only when asked, so an unknown one stops only the rules that need it", () => {
        const props = unknownCheckingProxy({ rules: [{ verbs: ["get"], resourceNames: [PREVIEW_UNKNOWN] }] });
        const [only] = rbacRulesOf(props);
        expect(only.verbs).toEqual(["get"]);
        expect(() => only.resourceNames).toThrow(/can't be known during preview/);
    });
});

describe("nonEmpty", () => {
    it.each([
        ["web", "web"],
        ["", undefined],
        [undefined, undefined],
        [3, undefined],
    ])("reads %p as %p", (value, expected) => {
        expect(nonEmpty(value)).toBe(expected);
    });
});
