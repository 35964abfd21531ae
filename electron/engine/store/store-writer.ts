/**
 * Worker-thread entry of the store writer: commits the batches the engine hands over (committer.ts), each in
 * one transaction, on its own connection. Bundled beside the engine worker (out/cli/store-writer.js).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { FromWriter, ToWriter, WriterThreadData } from './committer';
import { openDb } from './db';
import { storeErrorEnvelope } from './errors';
import { BatchWriter } from './writer';

function main(): void {
  const port = parentPort;
  if (!port) throw new Error('store writer started outside a worker thread');
  const post = (m: FromWriter) => port.postMessage(m);
  const data = workerData as WriterThreadData;
  let db: ReturnType<typeof openDb>;
  let writer: BatchWriter;
  try {
    db = openDb(data.dataDir, data.store);
    writer = new BatchWriter(db, data.maxErrorsPerSource);
  } catch (err) {
    post({ type: 'fatal', error: storeErrorEnvelope(err) });
    port.close();
    return;
  }
  port.on('message', (m: ToWriter) => {
    if (m.type === 'close') {
      db.close();
      post({ type: 'closed' });
      port.close();
      return;
    }
    try {
      post({ type: 'committed', id: m.id, result: writer.commit(m.batch) });
    } catch (err) {
      post({ type: 'failed', id: m.id, error: storeErrorEnvelope(err) });
    }
  });
  post({ type: 'ready' });
}

main();
