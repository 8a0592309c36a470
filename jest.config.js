/** @type {import('jest').Config} */
module.exports = {
    testEnvironment: "node",
    roots: ["<rootDir>/tests"],
    testMatch: ["**/*.test.ts"],
    transform: { "^.+\\.ts$": "ts-jest" },
    // Pulumi's mock runtime keeps process-wide state; one worker per file keeps runs independent.
    maxWorkers: 2,
    testTimeout: 60000,
};
