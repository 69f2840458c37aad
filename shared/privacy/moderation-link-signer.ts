/**
 * Compact, URL-safe link tokens: `<comment id><action letter><version>.<expiry>.<mac>`
 * (base36 numbers, expiry in epoch seconds), about 60 characters. The MAC is
 * HMAC-SHA256 under the keyring's lookup key with its own purpose label, cut to
 * 128 bits. Nothing in the token is personal: an id, an action, two numbers.
 */

import { timingSafeEqual } from 'node:crypto';
import { NotFoundError, LinkExpiredError } from '../domain/errors.ts';
import { LINK_ACTIONS, type LinkAction, type LinkClaim, type ModerationLinkSigner } from '../domain/moderation-link.ts';
import type { KeyringSource } from './keyring.ts';

const MAC_PURPOSE = 'moderation-link/v1';
const MAC_LENGTH = 22; // base64url characters = 132 bits
const LETTER: Record<LinkAction, string> = { approve: 'a', spam: 's', trash: 't' };
const ACTION_OF = new Map(LINK_ACTIONS.map((action) => [LETTER[action], action] as const));
const TOKEN = /^([0-9A-HJKMNP-TV-Z]{26})([ast])([0-9a-z]{1,8})\.([0-9a-z]{1,10})\.([A-Za-z0-9_-]{22})$/;

export class HmacModerationLinkSigner implements ModerationLinkSigner {
  constructor(private readonly keys: KeyringSource) {}

  async sign(claim: LinkClaim): Promise<string> {
    const payload = `${claim.commentId}${LETTER[claim.action]}${claim.version.toString(36)}.${Math.floor(claim.expiresAt.getTime() / 1000).toString(36)}`;
    return `${payload}.${await this.mac(payload)}`;
  }

  async read(token: string, now: Date): Promise<LinkClaim> {
    const forged = new NotFoundError('This moderation link is not valid.');
    const match = TOKEN.exec(token);
    if (!match) throw forged;
    const [, commentId, letter, version, expiry, mac] = match as unknown as [string, string, string, string, string, string];
    const expected = Buffer.from(await this.mac(token.slice(0, token.length - MAC_LENGTH - 1)));
    if (!timingSafeEqual(expected, Buffer.from(mac))) throw forged;
    const expiresAt = new Date(parseInt(expiry, 36) * 1000);
    if (expiresAt.getTime() <= now.getTime()) throw new LinkExpiredError();
    return { commentId, action: ACTION_OF.get(letter)!, version: parseInt(version, 36), expiresAt };
  }

  private async mac(payload: string): Promise<string> {
    return (await this.keys()).hmac(MAC_PURPOSE, payload).slice(0, MAC_LENGTH);
  }
}
