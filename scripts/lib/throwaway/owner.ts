import { createHash } from 'node:crypto';
import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * Who created a throwaway SQLite folder or PostgreSQL database: the machine (its host name, boot and
 * process namespace, hashed), the process id and the process's start time. Written into the name itself,
 * so a process killed the instant after creating one still leaves a name that says whose it was.
 */
export interface Owner {
  host: string;
  pid: number;
  /** Clock ticks after boot at which the process started (Linux); "0" where the platform does not say. */
  start: string;
}

function readOr(read: () => string, fallback: string): string {
  try {
    return read();
  } catch {
    return fallback;
  }
}

let host: string | undefined;

/** This machine, as seen by this process: two containers sharing a database server never look alike. */
function thisHost(): string {
  host ??= createHash('sha1')
    .update(hostname())
    .update(readOr(() => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim(), ''))
    .update(readOr(() => readlinkSync('/proc/self/ns/pid'), ''))
    .digest('hex')
    .slice(0, 8);
  return host;
}

/** Field 22 of /proc/<pid>/stat (after the command name, which may hold spaces and parentheses). */
function startTicks(pid: number | 'self'): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    return Number.isInteger(ticks) ? ticks.toString(36) : undefined;
  } catch {
    return undefined;
  }
}

export function currentOwner(): Owner {
  return { host: thisHost(), pid: process.pid, start: startTicks('self') ?? '0' };
}

/** `<host>_<pid>_<start>`, in characters a PostgreSQL identifier and a file name both take. */
export function ownerTag(owner: Owner): string {
  return `${owner.host}_${owner.pid.toString(36)}_${owner.start}`;
}

const alphanumeric = (part: string, upper: boolean) =>
  part.length > 0 && [...part].every((char) => (char >= '0' && char <= '9') || (char >= 'a' && char <= 'z') || (upper && char >= 'A' && char <= 'Z'));

/** The owner written in a name after `prefix` (`<prefix><host>_<pid>_<start>_<random>`), or undefined for a name of another shape. */
export function ownerOf(name: string, prefix: string): Owner | undefined {
  if (!name.startsWith(prefix)) return undefined;
  const [hostPart, pid, start, random, ...rest] = name.slice(prefix.length).split('_');
  if (rest.length > 0 || hostPart?.length !== 8 || !pid || !start || !random) return undefined;
  // mkdtemp's random suffix has capitals; the rest is written in lower case
  if (![hostPart, pid, start].every((part) => alphanumeric(part, false)) || !alphanumeric(random, true)) return undefined;
  return { host: hostPart, pid: Number.parseInt(pid, 36), start };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether the owner is certainly gone: created on this machine, by a process that no longer exists (or
 * whose id now belongs to a process started at another time). Anything from another machine is never gone.
 */
export function ownerGone(owner: Owner): boolean {
  if (owner.host !== thisHost()) return false;
  if (!alive(owner.pid)) return true;
  const start = startTicks(owner.pid);
  return owner.start !== '0' && start !== undefined && start !== owner.start;
}
