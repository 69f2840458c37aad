import type { Comment } from '../../domain/comment.ts';
import { awaitsWorker, trashExpiresAt } from '../../domain/comment-lifecycle.ts';
import type { FieldCipher } from '../../privacy/field-cipher.ts';
import { keys } from './keys.ts';

/** The stored shape of a comment's main item. Personal fields hold ciphertext. */
export interface CommentItem {
  pk: string;
  sk: string;
  id: string;
  postId: string;
  parentId: string | null;
  author: string;
  email: string;
  url: string | null;
  content: string;
  createdAt: string;
  updatedAt: string;
  status: Comment['status'];
  previousStatus: Comment['status'] | null;
  avatar: string | null;
  moderation: Comment['moderation'];
  depth: number;
  emailKey: string | null;
  duplicateKey: string;
  version: number;
  externalId?: string;
  awaitingParent?: string;
  gsi1pk: string;
  gsi1sk: string;
  gsi2pk: string;
  gsi2sk: string;
  gsi3pk?: string;
  gsi3sk?: string;
  /** Present (true) until the moderation worker has looked at the comment: the sweeper's filter. */
  unchecked?: true;
  /** Trash is removed for good 30 days after it was trashed (DynamoDB TTL, epoch seconds). */
  expiresAt?: number;
}

/** IP and user agent: a separate item that expires after the retention period. */
export interface RequestDataItem {
  pk: string;
  sk: string;
  ip: string | null;
  userAgent: string | null;
  expiresAt: number;
}

const DAY_SECONDS = 86_400;

const context = (id: string, field: string) => `comment/${id}/${field}`;

export class CommentItemMapper {
  constructor(
    private readonly cipher: FieldCipher,
    private readonly retentionDays: number,
  ) {}

  async toItem(comment: Comment): Promise<CommentItem> {
    const { id, postId, status } = comment;
    const item: CommentItem = {
      ...keys.comment(id),
      id,
      postId,
      parentId: comment.parentId,
      author: comment.author,
      email: comment.email === '' ? '' : await this.cipher.encrypt(comment.email, context(id, 'email')),
      url: comment.url,
      content: comment.content,
      createdAt: comment.createdAt,
      updatedAt: comment.updatedAt,
      status,
      previousStatus: comment.previousStatus,
      avatar: comment.avatar,
      moderation: comment.moderation,
      depth: comment.depth,
      emailKey: comment.emailKey,
      duplicateKey: comment.duplicateKey,
      version: comment.version,
      gsi1pk: keys.byPostStatus(postId, status),
      gsi1sk: id,
      gsi2pk: keys.byStatus(status),
      gsi2sk: id,
    };
    if (comment.externalId !== undefined) item.externalId = comment.externalId;
    if (comment.awaitingParent !== undefined) item.awaitingParent = comment.awaitingParent;
    if (comment.emailKey) {
      item.gsi3pk = keys.byAuthor(comment.emailKey);
      item.gsi3sk = id;
    }
    // The sweeper's filter: present only while the worker still owes the comment a check.
    if (awaitsWorker(comment)) item.unchecked = true;
    const expires = trashExpiresAt(comment);
    if (expires) item.expiresAt = Math.floor(expires.getTime() / 1000);
    return item;
  }

  /**
   * The retention period runs from when this service received the data: the comment's
   * creation for a submission, the import for an imported comment (whose date may be years old).
   */
  async toRequestDataItem(comment: Comment, receivedAt: string = comment.createdAt): Promise<RequestDataItem | null> {
    if (comment.ip === null && comment.userAgent === null) return null;
    const { id } = comment;
    return {
      ...keys.requestData(id),
      ip: comment.ip === null ? null : await this.cipher.encrypt(comment.ip, context(id, 'ip')),
      userAgent: comment.userAgent === null ? null : await this.cipher.encrypt(comment.userAgent, context(id, 'userAgent')),
      expiresAt: Math.floor(Date.parse(receivedAt) / 1000) + this.retentionDays * DAY_SECONDS,
    };
  }

  async fromItems(item: CommentItem, requestData: RequestDataItem | undefined, now: Date): Promise<Comment> {
    const { id } = item;
    // TTL deletion lags by up to two days: an expired item counts as gone already.
    const live = requestData && requestData.expiresAt > now.getTime() / 1000 ? requestData : undefined;
    return {
      id,
      postId: item.postId,
      parentId: item.parentId ?? null,
      author: item.author,
      email: item.email ? await this.cipher.decrypt(item.email, context(id, 'email')) : '',
      url: item.url ?? null,
      content: item.content,
      createdAt: item.createdAt,
      updatedAt: item.updatedAt,
      status: item.status,
      previousStatus: item.previousStatus ?? null,
      ip: live?.ip ? await this.cipher.decrypt(live.ip, context(id, 'ip')) : null,
      userAgent: live?.userAgent ? await this.cipher.decrypt(live.userAgent, context(id, 'userAgent')) : null,
      avatar: item.avatar ?? null,
      moderation: item.moderation,
      depth: item.depth,
      emailKey: item.emailKey ?? null,
      duplicateKey: item.duplicateKey,
      version: item.version,
      ...(item.externalId !== undefined ? { externalId: item.externalId } : {}),
      ...(item.awaitingParent !== undefined ? { awaitingParent: item.awaitingParent } : {}),
    };
  }
}
