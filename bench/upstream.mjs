// A stand-in for LlamaCloud on 127.0.0.1: answers GET /api/v2/batches (any query) with one
// fixed JSON page, anything else with 404. Usage: node bench/upstream.mjs PAGE.json
// Prints `listening on http://127.0.0.1:PORT` once ready; stops on SIGTERM.
import http from 'node:http';
import { readFileSync } from 'node:fs';

const body = readFileSync(process.argv[2]);
const notFound = Buffer.from('{"detail":"Not Found"}');
const server = http.createServer((req, res) => {
  if (req.method === 'GET' && (req.url === '/api/v2/batches' || req.url.startsWith('/api/v2/batches?'))) {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
    res.end(body);
  } else {
    res.writeHead(404, { 'content-type': 'application/json', 'content-length': notFound.length });
    res.end(notFound);
  }
});
server.keepAliveTimeout = 30000;
server.listen(0, '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}`);
});
process.on('SIGTERM', () => { server.closeAllConnections(); server.close(() => process.exit(0)); });
