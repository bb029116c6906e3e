// The development GraphiQL: bundled (no CDN, no telemetry), with a place for the bearer token,
// which goes on every HTTP request and in the WebSocket's connection_init.
import "./monaco-workers";
import { StrictMode, useEffect, useState, type FormEvent } from "react";
import { createRoot } from "react-dom/client";
import { GraphiQL } from "graphiql";
import { createGraphiQLFetcher, type Fetcher } from "@graphiql/toolkit";
import { createClient } from "graphql-ws";
import "graphiql/style.css";
import "./graphiql.css";

const TOKEN_KEY = "proceedings-hub.graphiql.token"; // sessionStorage: the token dies with the tab
const wsUrl = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/graphql`;

function App() {
  const [token, setToken] = useState(() => sessionStorage.getItem(TOKEN_KEY) ?? "");
  const [draft, setDraft] = useState(token);
  const [fetcher, setFetcher] = useState<Fetcher>();
  // A new fetcher and socket per token (GraphiQL then reloads the schema). An effect rather than
  // useMemo so that StrictMode's double mount leaves no disposed socket behind.
  useEffect(() => {
    const authorization = token ? `Bearer ${token}` : undefined;
    const wsClient = createClient({ url: wsUrl, lazy: true, connectionParams: authorization ? { authorization } : {} });
    setFetcher(() => createGraphiQLFetcher({ url: "/graphql", headers: authorization ? { Authorization: authorization } : {}, wsClient }));
    return () => void wsClient.dispose();
  }, [token]);
  const apply = (e: FormEvent) => {
    e.preventDefault();
    const t = draft.trim().replace(/^Bearer\s+/i, "");
    if (t) sessionStorage.setItem(TOKEN_KEY, t);
    else sessionStorage.removeItem(TOKEN_KEY);
    setToken(t);
  };
  return (
    <div className="ph-root">
      <form className="ph-token" onSubmit={apply}>
        <label htmlFor="ph-token-input">Bearer token</label>
        <input
          id="ph-token-input"
          type="password"
          autoComplete="off"
          spellCheck={false}
          placeholder="npm run token -- iro.alex, paste, Enter"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
        />
        <button type="submit">Use token</button>
        <span role="status">{token ? "signed in" : "no token: sign in to see the schema"}</span>
        <a href="/">Console</a>
      </form>
      <div className="ph-graphiql">
        {fetcher && <GraphiQL fetcher={fetcher} defaultQuery={"{\n  me { user { displayName roles } organisation { name } }\n}\n"} />}
      </div>
    </div>
  );
}

createRoot(document.getElementById("graphiql")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
