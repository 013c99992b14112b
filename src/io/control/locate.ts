// Where the daemon's control channel is: its helpers' open files and environment first (exact),
// then the folders ExaBGP itself searches (FACTS.md "Control channel").
import { readdir, readlink, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Helper, DaemonInfo } from '../../core/model/daemon.js';
import type { ProcFs } from '../procfs.js';
import { PipeTransport, type PipeTransportOptions } from './pipe.js';
import { SocketTransport, type SocketOptions } from './socket.js';
import type { Transport } from '../../core/control/transport.js';

export type ControlLocation =
  | { kind: 'pipe'; in: string; out: string; how: string }
  | { kind: 'socket'; path: string; how: string };

async function isKind(path: string, kind: 'fifo' | 'socket'): Promise<boolean> {
  try {
    const st = await stat(path);
    return kind === 'fifo' ? st.isFIFO() : st.isSocket();
  } catch {
    return false;
  }
}

/** ExaBGP's own search order, with the daemon's uid and install root. */
export function searchFolders(uid: number | null, root: string | null): string[] {
  const id = uid ?? process.getuid?.() ?? 0;
  const bases = ['/run/exabgp/', `/run/${id}/`, '/run/', '/var/run/exabgp/', `/var/run/${id}/`, '/var/run/'];
  if (!root) return bases;
  const r = root.replace(/\/$/, '');
  return [...bases, `${r}/run/exabgp/`, `${r}/run/${id}/`, `${r}/run/`, `${r}/var/run/exabgp/`, `${r}/var/run/${id}/`, `${r}/var/run/`];
}

/** Install root as ExaBGP derives it: --root, EXABGP_ROOT, else the program's folder minus bin/sbin. */
export function installRoot(daemon: Pick<DaemonInfo, 'root' | 'environ' | 'argv'>): string | null {
  if (daemon.root) return daemon.root;
  if (daemon.environ['EXABGP_ROOT']) return daemon.environ['EXABGP_ROOT'];
  const program = daemon.argv.find((a) => /(^|\/)s?bin\/exabgp$/.test(a));
  return program ? dirname(dirname(program)) : null;
}

export async function fromOverride(path: string): Promise<ControlLocation | null> {
  if (await isKind(path, 'socket')) return { kind: 'socket', path, how: '--control' };
  const base = path.replace(/\.(in|out)$/, '');
  if (await isKind(`${base}.in`, 'fifo')) return { kind: 'pipe', in: `${base}.in`, out: `${base}.out`, how: '--control' };
  try {
    if ((await stat(path)).isDirectory()) {
      for (const name of await readdir(path)) {
        if (name.endsWith('.sock') && (await isKind(join(path, name), 'socket'))) return { kind: 'socket', path: join(path, name), how: '--control (folder)' };
        if (name.endsWith('.in') && (await isKind(join(path, name), 'fifo'))) return { kind: 'pipe', in: join(path, name), out: join(path, name.replace(/\.in$/, '.out')), how: '--control (folder)' };
      }
    }
  } catch {
    // fall through
  }
  return null;
}

export async function locateControl(proc: ProcFs, daemon: DaemonInfo, helpers: Helper[], uid: number | null): Promise<ControlLocation | null> {
  const env = daemon.environ;
  const socketPath = env['exabgp.api.socketpath'] ?? env['exabgp_api_socketpath'];
  if (socketPath && (await isKind(socketPath, 'socket'))) return { kind: 'socket', path: socketPath, how: 'environ exabgp_api_socketpath' };

  for (const helper of helpers.filter((h) => h.role.startsWith('cli-helper'))) {
    const environ = await proc.environ(helper.pid);
    if (!environ.ok) continue;
    const pipeDir = environ.value['exabgp_cli_pipe'];
    const pipeName = environ.value['exabgp_api_pipename'] ?? 'exabgp';
    if (pipeDir && (await isKind(join(pipeDir, `${pipeName}.in`), 'fifo'))) {
      return { kind: 'pipe', in: join(pipeDir, `${pipeName}.in`), out: join(pipeDir, `${pipeName}.out`), how: `helper ${helper.pid} environ exabgp_cli_pipe` };
    }
    const fdPath = await openFifoOf(proc, helper.pid);
    if (fdPath) return { kind: 'pipe', in: fdPath, out: fdPath.replace(/\.in$/, '.out'), how: `helper ${helper.pid} open file` };
  }

  const pipeName = env['exabgp.api.pipename'] ?? env['exabgp_api_pipename'] ?? 'exabgp';
  const socketName = env['exabgp.api.socketname'] ?? env['exabgp_api_socketname'] ?? 'exabgp';
  const folders = searchFolders(uid, installRoot(daemon));
  if (daemon.version?.line === '6.0') {
    for (const folder of folders) {
      const path = `${folder}${socketName}.sock`;
      if (await isKind(path, 'socket')) return { kind: 'socket', path, how: `found in ${folder}` };
    }
  }
  for (const folder of folders) {
    const path = `${folder}${pipeName}.in`;
    if (await isKind(path, 'fifo')) return { kind: 'pipe', in: path, out: `${folder}${pipeName}.out`, how: `found in ${folder}` };
  }
  return null;
}

async function openFifoOf(proc: ProcFs, pid: number): Promise<string | null> {
  try {
    for (const fd of await readdir(join(proc.root, String(pid), 'fd'))) {
      const target = await readlink(join(proc.root, String(pid), 'fd', fd)).catch(() => '');
      if (target.endsWith('.in') && (await isKind(target, 'fifo'))) return target;
    }
  } catch {
    // not ours to read
  }
  return null;
}

export function transportFor(location: ControlLocation, pipeOptions: PipeTransportOptions = {}, socketOptions: SocketOptions = {}): Transport {
  return location.kind === 'socket' ? new SocketTransport(location.path, socketOptions) : new PipeTransport(location.in, location.out, pipeOptions);
}
