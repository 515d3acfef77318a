// A page server for the benches: answers every GET with a small page holding the render marker,
// as fast as one core allows. Prints its port on stdout.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const page = '<!doctype html><body data-entando-rendered="true">bench</body>';
// With --assets, the page a browser visit needs: a stylesheet, an image, and a script that marks
// the page as having run (the HTTP prober only ever reads the HTML).
const withAssets = process.argv.includes('--assets');
const assetPage =
  '<!doctype html><head><link rel="stylesheet" href="/site.css"><script src="/site.js" defer></script></head>' +
  '<body data-entando-rendered="true"><img src="/logo.svg" alt="">bench</body>';
const ASSETS: Record<string, [string, string]> = {
  '/site.css': ['text/css', 'body { font-family: sans-serif; }'],
  '/site.js': ['text/javascript', 'document.body.dataset.script = "ran";'],
  '/logo.svg': ['image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>'],
};
const server = createServer((req, res) => {
  const asset = withAssets ? ASSETS[req.url ?? ''] : undefined;
  if (asset) res.writeHead(200, { 'content-type': asset[0] }).end(asset[1]);
  else res.writeHead(200, { 'content-type': 'text/html' }).end(withAssets ? assetPage : page);
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as AddressInfo).port}\n`));
