// The jest config Stryker runs (npm run test:mutation): only the policy tests, since only policy/rules is mutated.
const base = require("./jest.config");

/** @type {import('jest').Config} */
module.exports = { ...base, roots: ["<rootDir>/tests/policy"] };
