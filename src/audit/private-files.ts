// Files that hold patient identifiers (the audit's outputs and its temporary partitions) are readable by their
// owner only: folders 0700, files 0600. Every such file is new (O_EXCL): opening fails rather than write into a
// file or through a link that is already there. The mode is set again after opening because a umask may narrow
// it in ways that make it unreadable to the owner.
import { closeSync, fchmodSync, openSync, writeSync } from 'node:fs';

export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/** Creates a new file for writing with mode 0600; fails (EEXIST) if anything, a link included, has that name. */
export function openPrivateFile(path: string): number {
  const fd = openSync(path, 'wx', PRIVATE_FILE_MODE);
  fchmodSync(fd, PRIVATE_FILE_MODE);
  return fd;
}

/** Texts up to this long are copied into the buffer by writeAscii. */
const SHORT_TEXT = 64;

/**
 * Appends text to a private file through a buffer, so millions of small rows cost few system calls. Text is
 * encoded into the buffer as it comes: nothing waits on the JavaScript heap for the garbage collector to move.
 */
export class PrivateFileWriter {
  private readonly fd: number;
  private readonly buffer: Buffer;
  private used = 0;
  private closed = false;

  constructor(
    readonly path: string,
    bufferBytes = 256 * 1024,
  ) {
    this.fd = openPrivateFile(path);
    this.buffer = Buffer.allocUnsafe(bufferBytes);
  }

  write(text: string): void {
    if (text.length <= SHORT_TEXT && this.writeAscii(text)) return;
    if (!this.fits(text)) {
      this.flush();
      // Longer than the whole buffer: written at once.
      if (!this.fits(text)) return writeFully(this.fd, Buffer.from(text));
    }
    this.used += this.buffer.write(text, this.used);
  }

  /** Bytes as they are (the partition copies NDJSON lines as read, with no decoding and encoding again). */
  writeBytes(bytes: Uint8Array): void {
    if (bytes.length > this.buffer.length - this.used) {
      this.flush();
      if (bytes.length > this.buffer.length) return writeFully(this.fd, bytes);
    }
    this.buffer.set(bytes, this.used);
    this.used += bytes.length;
  }

  flush(): void {
    writeFully(this.fd, this.buffer.subarray(0, this.used));
    this.used = 0;
  }

  close(): void {
    if (this.closed) return;
    this.flush();
    closeSync(this.fd);
    this.closed = true;
  }

  /**
   * Copies a short ASCII text into the buffer code by code: for the partition's many short fields this costs far
   * less than a call into the encoder. False (nothing written) when the text is not ASCII or the buffer is full.
   */
  private writeAscii(text: string): boolean {
    const buffer = this.buffer;
    const start = this.used;
    if (start + text.length > buffer.length) return false;
    for (let k = 0; k < text.length; k++) {
      const c = text.charCodeAt(k);
      if (c >= 0x80) return false;
      buffer[start + k] = c;
    }
    this.used = start + text.length;
    return true;
  }

  /** UTF-8 takes at most 3 bytes per UTF-16 unit: the exact length is counted only near the end of the buffer. */
  private fits(text: string): boolean {
    const free = this.buffer.length - this.used;
    return text.length * 3 <= free || Buffer.byteLength(text) <= free;
  }
}

/** write(2) may write fewer bytes than asked (a signal, a nearly full disk): the rest follows. */
function writeFully(fd: number, bytes: Uint8Array): void {
  for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
}
