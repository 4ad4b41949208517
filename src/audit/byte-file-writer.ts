// Appends lines to a private (0600) file through one fixed buffer: the partition copies each NDJSON line's bytes
// as they were read, with no decoding and encoding again, and writes the buffer out when it is full.
import { closeSync, writeSync } from 'node:fs';
import { openPrivateFile } from './private-files';

export class ByteFileWriter {
  private readonly fd: number;
  private readonly buffer: Buffer;
  private used = 0;
  private closed = false;

  constructor(
    readonly path: string,
    capacity: number,
  ) {
    this.fd = openPrivateFile(path);
    this.buffer = Buffer.allocUnsafe(capacity);
  }

  /** Writes prefix (text), then bytes, then a newline. */
  writeLine(prefix: string, bytes: Uint8Array): void {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    const most = prefix.length * 3 + bytes.length + 1;
    if (this.used + most > this.buffer.length) this.flush();
    if (most > this.buffer.length) {
      writeSync(this.fd, prefix);
      writeSync(this.fd, bytes);
      writeSync(this.fd, '\n');
      return;
    }
    this.used += this.buffer.write(prefix, this.used, 'utf8');
    this.buffer.set(bytes, this.used);
    this.used += bytes.length;
    this.buffer[this.used++] = 10;
  }

  flush(): void {
    let done = 0;
    while (done < this.used) done += writeSync(this.fd, this.buffer, done, this.used - done);
    this.used = 0;
  }

  close(): void {
    if (this.closed) return;
    this.flush();
    closeSync(this.fd);
    this.closed = true;
  }
}
