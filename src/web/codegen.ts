import type { CodegenConfig } from "@graphql-codegen/cli";

// Typed operations from the committed schema: each `graphql(...)` document in the console's
// source gets its result and variable types, so an API change breaks the console's build.
const config: CodegenConfig = {
  schema: "schema/schema.graphql",
  documents: ["src/web/src/**/*.{ts,tsx}", "!src/web/src/gql/**"],
  ignoreNoDocuments: true,
  generates: {
    "src/web/src/gql/": {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: { DateTimeISO: "string", LocalDate: "string" },
        avoidOptionals: { field: true, inputValue: false, object: true, defaultValue: false },
      },
    },
  },
};
export default config;
