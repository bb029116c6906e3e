import http from "node:http";

// The floor of the machine: node:http answering the JSON a trivial GraphQL query gets.
const body = JSON.stringify({ data: { __typename: "Query" } });
const server = http.createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    res.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.argv[2]), "127.0.0.1", () => process.send?.("ready"));
