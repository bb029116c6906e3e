import "./styles.scss";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { ApolloProvider } from "@apollo/client/react";
import { client } from "./lib/apollo";
import { App } from "./app";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
createRoot(document.getElementById("app")!).render(
  <StrictMode>
    <ApolloProvider client={client}>
      <App />
    </ApolloProvider>
  </StrictMode>,
);
