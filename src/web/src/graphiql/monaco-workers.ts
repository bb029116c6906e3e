// Same as 'graphiql/setup-workers/vite' minus the console.info noise.
// Each `?worker` import is emitted by Vite as a separate same-origin file
// (assets/*.worker-*.js), so `worker-src 'self'` is enough (no blob:).
import EditorWorker from "monaco-editor/esm/vs/editor/editor.worker.js?worker";
import JsonWorker from "monaco-editor/esm/vs/language/json/json.worker.js?worker";
import GraphQLWorker from "monaco-graphql/esm/graphql.worker.js?worker";

const g = globalThis as { MonacoEnvironment?: Record<string, unknown> };
(g.MonacoEnvironment ??= {}).getWorker = (_workerId: string, label: string) => {
  if (label === "json") return new JsonWorker();
  if (label === "graphql") return new GraphQLWorker();
  return new EditorWorker();
};
