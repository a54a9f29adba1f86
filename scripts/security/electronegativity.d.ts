// @doyensec/electronegativity ships no type declarations; this is the programmatic entry
// (dist/runner.js) as scripts/security/electron-scan.ts calls it.
declare module '@doyensec/electronegativity' {
  export default function run(options: Record<string, unknown>, forCli?: boolean): Promise<unknown>;
}
