// Files that hold patient identifiers (the audit's outputs and its temporary partitions) are readable by their
// owner only: folders 0700, files 0600. The mode is set again after opening because open() applies it only to a
// file it creates, and an earlier run may have left a file with a wider mode.
import { closeSync, fchmodSync, mkdirSync, openSync, statSync, writeSync } from 'node:fs';

export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/**
 * Creates dir (and parents) with mode 0700. An existing folder keeps its mode: it may be a folder the user
 * shares on purpose, and the files written into it are 0600 either way.
 */
export function makePrivateDir(dir: string): void {
  let exists = false;
  try {
    exists = statSync(dir).isDirectory();
  } catch {
    exists = false;
  }
  if (!exists) mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/** Opens (truncating) a file for writing with mode 0600. */
export function openPrivateFile(path: string): number {
  const fd = openSync(path, 'w', PRIVATE_FILE_MODE);
  fchmodSync(fd, PRIVATE_FILE_MODE);
  return fd;
}

/** Appends text to a private file through a buffer, so millions of small rows cost few system calls. */
export class PrivateFileWriter {
  private readonly fd: number;
  private buffer: string[] = [];
  private buffered = 0;
  private closed = false;

  constructor(
    readonly path: string,
    private readonly flushAt = 256 * 1024,
  ) {
    this.fd = openPrivateFile(path);
  }

  write(text: string): void {
    this.buffer.push(text);
    this.buffered += text.length;
    if (this.buffered >= this.flushAt) this.flush();
  }

  flush(): void {
    if (this.buffer.length === 0) return;
    writeSync(this.fd, this.buffer.join(''));
    this.buffer = [];
    this.buffered = 0;
  }

  close(): void {
    if (this.closed) return;
    this.flush();
    closeSync(this.fd);
    this.closed = true;
  }
}
