/**
 * fauxqs 1.9.2 wakes every waiting long poll of a queue when one message arrives
 * (`SqsQueue.notifyWaiters`): one takes the message, the others answer empty at once and
 * their pollers ask again. SQS holds a long poll until there is a message for it or its wait
 * ends. Measured in the bench's burst, 45 % of the local worker loop's receives came back empty
 * that way — requests our process made that the event source mapping would not. Here a
 * standard queue wakes no more waiters than it has messages ready; a FIFO queue keeps fauxqs's
 * own behaviour. Waiters left asleep still wake on the next message, on fauxqs's 20 ms timer
 * while messages are ready, or when their wait ends.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

interface Waiter {
  resolve(): void;
  timer: NodeJS.Timeout;
}
interface FauxqsQueue {
  pollWaiters: Waiter[];
  messages: unknown[];
  isFifo(): boolean;
  notifyWaiters(): void;
}

let patched = false;
/** Waiters woken in the current turn of the event loop, per queue. */
const wokenThisTurn = new WeakMap<FauxqsQueue, number>();

export async function longPollLikeSqs(): Promise<void> {
  if (patched) return;
  // Not in the package's exports: the very module file fauxqs itself loads, so the class is the same.
  const file = (createRequire(import.meta.url).resolve.paths('fauxqs') ?? [])
    .map((dir) => join(dir, 'fauxqs', 'dist', 'sqs', 'sqsStore.js'))
    .find((candidate) => existsSync(candidate));
  if (!file) throw new Error('fauxqs changed: dist/sqs/sqsStore.js is gone (scripts/local/fauxqs-long-poll.ts needs a look)');
  const { SqsQueue } = (await import(pathToFileURL(file).href)) as { SqsQueue: { prototype: FauxqsQueue } };
  const proto = SqsQueue.prototype;
  if (typeof proto.notifyWaiters !== 'function' || typeof proto.isFifo !== 'function') {
    throw new Error('fauxqs changed: SqsQueue.notifyWaiters is gone (scripts/local/fauxqs-long-poll.ts needs a look)');
  }
  const wakeAll = proto.notifyWaiters;
  proto.notifyWaiters = function (this: FauxqsQueue) {
    if (this.isFifo()) return wakeAll.call(this);
    // A woken receive takes its messages in a microtask; until then they still count as ready,
    // and fauxqs may notify again in the same turn (the send does): those waiters are owed them.
    const owed = wokenThisTurn.get(this) ?? 0;
    let woken = 0;
    while (this.messages.length > owed + woken && this.pollWaiters.length > 0) {
      const waiter = this.pollWaiters.shift()!;
      clearTimeout(waiter.timer);
      waiter.resolve();
      woken++;
    }
    if (woken === 0) return;
    wokenThisTurn.set(this, owed + woken);
    setImmediate(() => wokenThisTurn.set(this, (wokenThisTurn.get(this) ?? woken) - woken));
  };
  patched = true;
}
