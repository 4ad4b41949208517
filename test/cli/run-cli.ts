// The CLI run in this process, its two output streams collected as text.
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli';

export async function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += c));
  stderr.on('data', (c) => (err += c));
  const code = await main(args, { stdout, stderr });
  return { code, stdout: out, stderr: err };
}
