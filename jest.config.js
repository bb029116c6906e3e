// Tests run on the compiled output (npm test builds first): tsc emits the decorator metadata
// that TypeORM and type-graphql need, and the suite pays for one compile instead of one per file.
/** @type {import('jest').Config} */
module.exports = {
  rootDir: "dist",
  testMatch: ["**/*.test.js"],
  // Jest's transform cache beside the other tools' (not in the temporary directory).
  cacheDirectory: "<rootDir>/../node_modules/.cache/jest",
  testEnvironment: "node",
  globalSetup: "<rootDir>/test/support/global-setup.js",
  globalTeardown: "<rootDir>/test/support/global-teardown.js",
  testTimeout: 60000,
  maxWorkers: 2,
};
