// Share links made in Node, as the page makes them: session JSON, raw deflate, base64url.
import { deflateRawSync } from 'node:zlib';
import { readFileSync } from 'node:fs';

const ARTICLE = readFileSync(new URL('../../scenarios/article.dsp', import.meta.url), 'utf8');

/** The link: a crash-looping DaemonSet on `nodes` nodes, then 30 sleeps of 24 h. */
export function crashLoopLink(nodes = 1000) {
  const manifest = ARTICLE.slice(ARTICLE.indexOf('apiVersion:'), ARTICLE.indexOf('\nEOF')) + '\n';
  const day = 24 * 3600 * 1000;
  const log = [
    { t: 0, line: `sim add-nodes ${nodes}` },
    { t: 0, line: 'sim image nginx crash' },
    { t: 0, line: 'kubectl apply -f manifest.yaml', file: manifest },
    { t: 0, line: 'kubectl label nodes --all app=frontend-node' },
  ];
  for (let i = 1; i <= 30; i++) log.push({ t: i * day, line: 'sleep 24h' });
  const session = { v: 1, seed: 7, now_ms: 30 * day, speed: 1, playing: false, editor: manifest, log };
  return deflateRawSync(Buffer.from(JSON.stringify(session))).toString('base64url');
}

