/** Vite turns CSS imports into <link> tags; the type checker only needs to know they are modules. */
declare module '*.css';

interface Window {
  apiShield?: import('../../electron/contract/bridge').ShieldBridge;
}
