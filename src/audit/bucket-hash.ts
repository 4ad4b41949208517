// A stable string hash for spreading patients over buckets. It must give the same bucket on every machine and in
// every run (a split export and the workers auditing its parts rely on it), so no per-process random seed.

/** FNV-1a, 32 bits, over UTF-16 code units; salt varies the hash when a bucket is split again. */
export function fnv1a(text: string, salt = 0): number {
  let hash = (0x811c9dc5 ^ salt) >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

export function bucketOf(key: string, buckets: number, salt = 0): number {
  return fnv1a(key, salt) % buckets;
}
