import type { CommentStatus } from './comment.ts';

/**
 * One-click moderation from a notification: a link per action, signed by the server,
 * bound to the comment, the action and the comment's version (so it works once, and
 * not after anybody else changed the comment), expiring, and free of personal data.
 */
export const LINK_ACTIONS = ['approve', 'spam', 'trash'] as const;
export type LinkAction = (typeof LINK_ACTIONS)[number];

/** How long a notification's links work. */
export const LINK_LIFETIME_MS = 7 * 24 * 3600 * 1000;

export interface LinkClaim {
  commentId: string;
  action: LinkAction;
  /** The comment's version when the link was made: any later change outdates it. */
  version: number;
  expiresAt: Date;
}

/** Makes and checks link tokens. `read` throws NotFoundError (forged, malformed) or LinkExpiredError. */
export interface ModerationLinkSigner {
  sign(claim: LinkClaim): Promise<string>;
  read(token: string, now: Date): Promise<LinkClaim>;
}

/** What a link's page shows about the comment (moderators' eyes only: no email, no IP). */
export interface LinkPreview {
  action: LinkAction;
  status: CommentStatus;
  postId: string;
  author: string;
  content: string;
  reasons: string[];
}
