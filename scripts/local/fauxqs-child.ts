/** The fauxqs process of ./fauxqs-process.ts: fauxqs on loopback, its port on stdout, SIGTERM stops it. */
import { startFauxqsOnLoopback } from './emulators.ts';

const fauxqs = await startFauxqsOnLoopback();
process.stdout.write(`${fauxqs.port}\n`);
process.once('SIGTERM', () => void fauxqs.stop().then(() => process.exit(0)));
