// A stand-in for LlamaCloud on 127.0.0.1: answers GET /api/v2/batches (any query) with one
// fixed JSON page, anything else with 404. Usage: node bench/upstream.mjs PAGE.json
// Prints `listening on http://127.0.0.1:PORT` once ready; stops on SIGTERM.
// For bench/soak_abuse.mjs: a query with `soak_delay_ms=N` (N ≤ 10000) answers after N ms, and
// `GET /__soak_stats` (asked directly, never through the proxy) says how many connections were
// open at most at once, how many are open now, how many requests arrived, how many of them were
// delayed, and how many of those the proxy hung up on before the answer.
import http from 'node:http';
import { readFileSync } from 'node:fs';

const body = readFileSync(process.argv[2]);
const notFound = Buffer.from('{"detail":"Not Found"}');
let open = 0;
let maxOpen = 0;
let requests = 0;
let abandoned = 0;
let delayed = 0;
const server = http.createServer((req, res) => {
  if (req.url === '/__soak_stats') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ open, maxOpen, requests, delayed, abandoned }));
    return;
  }
  requests++;
  if (req.method === 'GET' && (req.url === '/api/v2/batches' || req.url.startsWith('/api/v2/batches?'))) {
    const delay = Math.min(10000, Number(/[?&]soak_delay_ms=(\d+)/.exec(req.url)?.[1] ?? 0));
    const answer = () => {
      if (res.destroyed) return;
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
      res.end(body);
    };
    if (delay > 0) {
      delayed++;
      const timer = setTimeout(answer, delay);
      // The proxy hung up before the answer: its client went away.
      res.on('close', () => { if (!res.writableEnded) { abandoned++; clearTimeout(timer); } });
    } else {
      answer();
    }
  } else {
    res.writeHead(404, { 'content-type': 'application/json', 'content-length': notFound.length });
    res.end(notFound);
  }
});
server.on('connection', (socket) => {
  open++;
  maxOpen = Math.max(maxOpen, open);
  socket.on('close', () => { open--; });
});
server.keepAliveTimeout = 30000;
server.listen(0, '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}`);
});
process.on('SIGTERM', () => { server.closeAllConnections(); server.close(() => process.exit(0)); });
