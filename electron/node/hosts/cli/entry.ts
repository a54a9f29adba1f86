import { runCli } from './main';

await runCli(process.argv);
