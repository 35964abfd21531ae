import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { LiveProvider } from './live/LiveContext';
import { pickTransport } from './transport/pick';
import type { SocketLike } from './transport/ws-bridge';
import './app.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

// The Electron preload's bridge when present, else the WebSocket of `api-shield serve`.
const transport = pickTransport({
  apiShield: window.apiShield,
  location: window.location,
  createSocket: (url) => new WebSocket(url) as unknown as SocketLike,
});

createRoot(root).render(
  <StrictMode>
    <LiveProvider transport={transport}>
      <App />
    </LiveProvider>
  </StrictMode>,
);
