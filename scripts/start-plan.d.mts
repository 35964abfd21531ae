export type StartPlan =
  | { mode: 'electron'; env: Record<string, string> }
  | { mode: 'serve'; dataDir: string; port: string; args: string[]; notice: string[] };

export function startPlan(facts: { electronBinary: string | null; env: Record<string, string | undefined>; home?: string }): StartPlan;
