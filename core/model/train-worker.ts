/**
 * Worker-thread entry for forest training. Node 20 cannot start a .ts file as a Worker, so this file is
 * bundled on its own (e.g. electron-vite's `?nodeWorker` import, or vite build) and handed to trainForest
 * through its createWorker option.
 */
import { parentPort } from 'node:worker_threads';
import { handleGrowRequest, type GrowRequest } from './train-protocol';

const port = parentPort;
if (!port) throw new Error('train-worker must run in a worker thread');
port.on('message', (req: GrowRequest) => {
  handleGrowRequest(req, (reply, transfer) => port.postMessage(reply, transfer));
});
