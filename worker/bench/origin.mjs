// The benchmark origin: answers 200 (after a service time, 0 ms by default) and records event ids
// (webhook-id) with the time each arrived, in its own process so it does not compete with the
// load generator's event loop. GET /stats returns { ids, at } (parallel arrays, Unix ms); POST
// /reset clears them; POST /delay/<ms> sets the service time. Listens on 127.0.0.1 only.
import http from 'node:http';

const ids = [];
const at = [];
let delayMs = 0;
const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/stats') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ids, at }));
    return;
  }
  if (req.method === 'POST' && req.url === '/reset') {
    ids.length = 0;
    at.length = 0;
    res.end();
    return;
  }
  const delay = /^\/delay\/(\d+)$/.exec(req.url);
  if (req.method === 'POST' && delay) {
    delayMs = Number(delay[1]);
    res.end();
    return;
  }
  req.resume();
  req.on('end', () => {
    const arrived = Date.now();
    const answer = () => {
      ids.push(req.headers['webhook-id']);
      at.push(arrived);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"received":true}');
    };
    if (delayMs > 0) setTimeout(answer, delayMs);
    else answer();
  });
});
server.keepAliveTimeout = 5000;
server.listen(0, '127.0.0.1', () => {
  process.send?.({ port: server.address().port });
});
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
