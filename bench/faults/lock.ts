// The embedded data directory's one-writer lock (src/server/db/lock.ts): the checks take it while
// they open the directory between two server runs, and a round reads who holds it after a kill (the
// killed server: a stale lock, which the restart must take over). A tree without the lock module
// runs without it.
import fs from 'node:fs';
import path from 'node:path';

export interface DataDirLock {
  release(): void;
}

type LockModule = {
  acquireDataDirLock(dataDir: string, purpose: string): DataDirLock;
  lockFileFor(dataDir: string): string;
};

let lockModule: LockModule | null | undefined;

async function load(): Promise<LockModule | null> {
  if (lockModule === undefined) {
    try {
      lockModule = (await import('../../src/server/db/lock.js')) as LockModule;
    } catch {
      lockModule = null;
    }
  }
  return lockModule;
}

export async function takeLock(dataDir: string): Promise<DataDirLock | undefined> {
  return (await load())?.acquireDataDirLock(dataDir, 'bench-faults-check');
}

/** The pid named by the data directory's lock file, if there is one. */
export function lockHolderPid(dataDir: string): number | undefined {
  try {
    const text = fs.readFileSync(`${path.resolve(dataDir)}.lock`, 'utf8');
    return (JSON.parse(text) as { pid?: number }).pid;
  } catch {
    return undefined;
  }
}

export async function hasLock(): Promise<boolean> {
  return (await load()) !== null;
}
