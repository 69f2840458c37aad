import { signLocalToken } from '../shared/auth/local-token.ts';
import { readAuthSecret } from './local/data-dir.ts';

/** `npm run --silent token`: one moderator token for the local stack, and nothing else on stdout. */
const secret = readAuthSecret();
if (!secret) {
  process.stderr.write('No local stack secret yet: run `npm start` once first (it creates .data/auth-secret).\n');
  process.exit(1);
}
process.stdout.write(`${await signLocalToken(secret)}\n`);
