import { main as traceParse } from './trace-parse';

/** `npm run bench`: prints every benchmark's figures. */
function run(): void {
  console.log('== trace parsing (one core) ==');
  traceParse();
}

run();
