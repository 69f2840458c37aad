/**
 * A V8 CPU profile of one stretch of the bench (the CPU burst), taken in-process through
 * node:inspector so that start-up, seeding and the other phases stay out of it. Written as a
 * `.cpuprofile` (Chrome DevTools → Performance, or VS Code, open it) and summarised by
 * ./profile-top.ts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { type CpuProfile, topFrames } from './profile-top.ts';

export async function profiled<T>(dir: string | undefined, name: string, run: () => Promise<T>): Promise<{ value: T; file?: string; top?: ReturnType<typeof topFrames> }> {
  if (!dir) return { value: await run() };
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    const value = await run();
    const { profile } = (await session.post('Profiler.stop')) as { profile: CpuProfile };
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${name}-${new Date().toISOString().replaceAll(':', '')}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    return { value, file, top: topFrames(profile, 10) };
  } finally {
    session.disconnect();
  }
}
