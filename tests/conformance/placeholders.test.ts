import { isPlaceholder } from "../../tools/validate/types";

describe("isPlaceholder", () => {
    it.each(["<redacted>", "<unknown>", "<redacted: private key>", "mysql://app:<redacted: URL password>@db:3306/x"])(
        "treats %s as a stand-in no check may judge",
        (value) => {
            expect(isPlaceholder(value)).toBe(true);
        },
    );

    it.each(["redacted", "<redacted:>", "mysql://app@db:3306/x", 5])("judges %s as a real value", (value) => {
        expect(isPlaceholder(value)).toBe(false);
    });
});
