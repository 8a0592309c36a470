import { cronProblem, longestGapSeconds } from "../../../components/lib/schedule";

const HOUR = 3600;

describe("cron schedules", () => {
    it.each(["0 */6 * * *", "0 2 * * *", "30 1 1,15 * MON-FRI", " 0  3 * * * ", "0 3 ? * *", "*/15 8-18 * * 1-5"])(
        "accepts %j",
        (cron) => {
            expect(cronProblem(cron)).toBeUndefined();
        },
    );

    it.each(["@daily", "0 */6 * *", "0 */6 * * * *", "", "0 2 * * $", "0 3 L * *", "0 3 * * 5#2", "0 3 15W * *"])(
        "refuses %j as not five Kubernetes cron fields",
        (cron) => {
            expect(cronProblem(cron)).toBe(
                `${JSON.stringify(cron)} is not a cron schedule of five fields, e.g. "0 */6 * * *"`,
            );
        },
    );

    it.each([
        ["61 * * * *", "minute"],
        ["0 24 * * *", "hour"],
        ["0 3 32 * *", "day"],
        ["0 3 * 13 *", "month"],
    ])("refuses %j, whose %s is out of range", (cron, field) => {
        expect(cronProblem(cron)).toMatch(
            new RegExp(`^"${cron.replaceAll("*", "\\*")}" is not a valid cron schedule \\(.*${field}`, "i"),
        );
    });
});

describe("the longest gap between runs", () => {
    it.each([
        ["0 */6 * * *", 6 * HOUR],
        ["0 3 * * *", 24 * HOUR],
        ["*/15 * * * *", 900],
        ["0 3 * * 1-5", 72 * HOUR],
        ["0 0,20 * * *", 20 * HOUR],
        ["0 3 1 * *", 31 * 24 * HOUR],
    ])("of %j is %d s", (cron, seconds) => {
        expect(longestGapSeconds(cron)).toBe(seconds);
    });

    it("throws on a schedule it cannot read, naming it", () => {
        expect(() => longestGapSeconds("@daily")).toThrow('"@daily" is not a cron schedule of five fields');
    });
});
