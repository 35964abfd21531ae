/** Placeholder shell until the dashboard lands: says what works today. */
export function App() {
  return (
    <main className="placeholder">
      <h1>API Shield</h1>
      <p>The live dashboard is under construction.</p>
      <p>
        Today, run detection from a terminal: <code>npx api-shield scan access.log</code>
      </p>
    </main>
  );
}
