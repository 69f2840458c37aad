import { normaliseEmail } from '../domain/email.ts';
import type { LookupHasher } from '../domain/ports.ts';
import type { KeyringSource } from './keyring.ts';

/** Keyed (HMAC-SHA256) hashes: without the server's key nobody can compute or reverse them. */
export class HmacLookupHasher implements LookupHasher {
  constructor(private readonly keys: KeyringSource) {}

  async emailKey(email: string): Promise<string> {
    return (await this.keys()).hmac('email', normaliseEmail(email));
  }

  async ipKey(ip: string): Promise<string> {
    return (await this.keys()).hmac('ip', ip.trim().toLowerCase());
  }

  /**
   * The public avatar seed: stable per author, but a different keyed hash from the
   * lookup key, and not computable from an address without the server's key.
   */
  async avatarSeed(email: string): Promise<string> {
    return (await this.keys()).hmac('avatar', normaliseEmail(email)).slice(0, 20);
  }

  /**
   * The author's own-pending-comment pass: keyed over the comment id and creation time only,
   * so it says nothing about the email and works for that one comment.
   */
  async moderationHash(commentId: string, createdAt: string): Promise<string> {
    return (await this.keys()).moderationHmac(`${commentId}\0${createdAt}`);
  }

  async digest(...parts: string[]): Promise<string> {
    return (await this.keys()).hmac('digest', JSON.stringify(parts));
  }
}

