import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";

// The floor of the framework the hub must use: Apollo Server 5 standalone, one trivial field.
async function main() {
  const server = new ApolloServer({ typeDefs: "type Query { hello: String }", resolvers: { Query: { hello: () => "world" } } });
  await startStandaloneServer(server, { listen: { port: Number(process.argv[2]), host: "127.0.0.1" } });
  process.send?.("ready");
}
void main();
