// HAProxy's runtime API over TCP: one command per connection, answer until the socket closes.
import { connect } from 'node:net';
import { RUNTIME_API_PORT } from '../haproxy-config.js';

export function runtimeCommand(lbAddress: string, command: string, timeoutMs = 2_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(RUNTIME_API_PORT, lbAddress, () => socket.end(`${command}\n`));
    let answer = '';
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`HAProxy runtime API did not answer "${command}" within ${timeoutMs} ms`)));
    socket.on('data', (chunk) => (answer += chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(answer.trim()));
  });
}
