// A page server for the capacity bench: answers every GET with a small page holding the render
// marker, as fast as one core allows. Prints its port on stdout.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const page = '<!doctype html><body data-entando-rendered="true">bench</body>';
const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/html' }).end(page);
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as AddressInfo).port}\n`));
