// Plays samples/lab-feed.hl7 into the clinic's MLLP listener, one message per frame, and
// prints each ACK. Usage: node scripts/lab-feed.mjs [host] [port]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseMessage } from '@medflow/hl7';
import { createMllpClient } from '@medflow/hl7/mllp';

export function readFeed(file = join(import.meta.dirname, '..', 'samples', 'lab-feed.hl7')) {
  return readFileSync(file, 'utf8')
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter(Boolean)
    .map((block) => block.split('\n').join('\r'));
}

export async function playLabFeed({ host = '127.0.0.1', port = 2575, log = console.log } = {}) {
  const client = createMllpClient({ host, port, timeoutMs: 10_000 });
  try {
    for (const text of readFeed()) {
      const message = parseMessage(text);
      const ack = await client.send(message);
      log(`[lab-feed] ${message.get('MSH-10')} → ${ack.code}`);
    }
  } finally {
    await client.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [host, port] = process.argv.slice(2);
  await playLabFeed({ host, port: port ? Number(port) : undefined });
}
