// The first pass needs only a few members of each line (resourceType, id, meta.lastUpdated and the reference
// naming the patient) and whether the whole line is JSON. Building every line with JSON.parse just to read four
// strings cost as much as the second pass's parse, so the line's bytes are checked against the JSON grammar
// (RFC 8259) here, in one loop over the bytes, and those members noted on the way without making any object.
//
// The scanner only answers for the ordinary line. Anything else (not JSON, not an object, a member read here of
// an unexpected kind or holding an escape sequence, an escaped key, nesting deeper than MAX_DEPTH) is left to
// the caller, who parses that line with JSON.parse as before: its error message, its handling of odd members.
// So what the scanner reports is always what JSON.parse would give, and a line it passes always parses.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;

/** Deeper lines are left to JSON.parse (FHIR resources stay far shallower). */
const MAX_DEPTH = 100;

// What the scanner expects next.
const VALUE = 0;
const VALUE_OR_CLOSE = 1;
const KEY = 2;
const KEY_OR_CLOSE = 3;
const COLON_NEXT = 4;
const AFTER_VALUE = 5;

const IN_OBJECT = 1;
const IN_ARRAY = 2;

// What a member is to the scanner: a string read at the top level (resourceType, id), an object read one level
// down (meta, a patient element), or a string read inside such an object (lastUpdated, a reference).
const OTHER = 0;
const RESOURCE_TYPE = 1;
const ID = 2;
const META = 3;
const LAST_UPDATED = 4;
/** The patient elements, numbered from here in the order given to the scanner. */
const LINK = 16;
/** The reference of the patient element LINK + k is REFERENCE + k. */
const REFERENCE = 48;
const MAX_LINKS = REFERENCE - LINK;

const isObjectRole = (role: number) => role === META || (role >= LINK && role < REFERENCE);

const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

// Bytes that end the fast run through a string: the quote, the backslash and the control characters (which JSON
// does not allow unescaped).
const STOPS_STRING = new Uint8Array(256);
for (let c = 0; c < 0x20; c++) STOPS_STRING[c] = 1;
STOPS_STRING[QUOTE] = 1;
STOPS_STRING[BACKSLASH] = 1;

const IS_HEX = new Uint8Array(256);
for (const c of '0123456789abcdefABCDEF') IS_HEX[c.charCodeAt(0)] = 1;

// The escapes JSON allows after a backslash (\u is handled apart).
const SIMPLE_ESCAPE = new Uint8Array(256);
for (const c of '"\\/bfnrt') SIMPLE_ESCAPE[c.charCodeAt(0)] = 1;

const RESOURCE_TYPE_KEY = ascii('resourceType');
const ID_KEY = ascii('id');
const META_KEY = ascii('meta');
const LAST_UPDATED_KEY = ascii('lastUpdated');
const REFERENCE_KEY = ascii('reference');
const TRUE = ascii('true');
const FALSE = ascii('false');
const NULL = ascii('null');

/** A string the scanner noted: its contents' byte range in the line, or start -1 when absent. */
class Noted {
  start = -1;
  end = -1;

  set(start: number, end: number): void {
    this.start = start;
    this.end = end;
  }

  clear(): void {
    this.start = -1;
  }

  text(bytes: Buffer): string | undefined {
    return this.start < 0 ? undefined : bytes.toString('utf8', this.start, this.end);
  }
}

export class LineScanner {
  private readonly links: string[];
  private readonly linkNames: Uint8Array[];
  private readonly stack = new Uint8Array(MAX_DEPTH + 1);
  private bytes: Buffer = Buffer.alloc(0);
  private readonly resourceTypeAt = new Noted();
  private readonly idAt = new Noted();
  private readonly lastUpdatedAt = new Noted();
  private readonly referenceAt: Noted[];

  /** links: the top-level elements (such as "subject") whose `reference` the caller needs. */
  constructor(links: Iterable<string>) {
    this.links = [...new Set(links)];
    // Names are compared byte by byte with the line's keys, which holds for plain ASCII names only.
    if (this.links.length > MAX_LINKS || this.links.some((l) => !/^[A-Za-z]+$/.test(l))) {
      throw new Error(`the scanner reads up to ${MAX_LINKS} elements named in ASCII letters, not ${this.links.join(', ')}`);
    }
    this.linkNames = this.links.map(ascii);
    this.referenceAt = this.links.map(() => new Noted());
  }

  /**
   * Scans one line. True: an ordinary resource line, whose members the getters below now give. False: leave the
   * line to JSON.parse (it may be valid JSON all the same).
   */
  scan(bytes: Buffer): boolean {
    this.bytes = bytes;
    this.resourceTypeAt.clear();
    this.idAt.clear();
    this.lastUpdatedAt.clear();
    for (const r of this.referenceAt) r.clear();
    return this.walk(bytes) && this.resourceTypeAt.start >= 0 && this.idAt.start >= 0;
  }

  get resourceType(): string {
    return this.resourceTypeAt.text(this.bytes)!;
  }

  get id(): string {
    return this.idAt.text(this.bytes)!;
  }

  /** meta.lastUpdated, "" when absent. */
  get lastUpdated(): string {
    return this.lastUpdatedAt.text(this.bytes) ?? '';
  }

  /** `<element>.reference`, undefined when the element or its reference is absent. */
  referenceOf(element: string): string | undefined {
    const k = this.links.indexOf(element);
    return k < 0 ? undefined : this.referenceAt[k]!.text(this.bytes);
  }

  /** One pass over the bytes: checks the grammar and notes the members wanted. */
  private walk(b: Buffer): boolean {
    const n = b.length;
    const stack = this.stack;
    let i = 0;
    let depth = 0;
    let state = VALUE;
    /** The role of the member whose value comes next (set by its key). */
    let role = OTHER;
    /** The role of the object being read at depth 2: META or a LINK, else OTHER. */
    let container = OTHER;
    for (;;) {
      let c = b[i];
      while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = b[++i];
      // The line ends: well only right after the resource's closing brace.
      if (c === undefined) return state === AFTER_VALUE && depth === 0;
      // An empty array or object closes at once; otherwise a value or a key follows.
      if (state === VALUE_OR_CLOSE || state === KEY_OR_CLOSE) {
        if (c === (state === VALUE_OR_CLOSE ? CLOSE_ARRAY : CLOSE_OBJECT)) {
          i++;
          depth--;
          if (depth === 1) container = OTHER;
          state = AFTER_VALUE;
          continue;
        }
        state = state === VALUE_OR_CLOSE ? VALUE : KEY;
      }
      switch (state) {
        case VALUE:
          // The line itself must be an object: a resource.
          if (depth === 0 && c !== OPEN_OBJECT) return false;
          if (c === QUOTE) {
            const start = i + 1;
            const end = stringEnd(b, start, n);
            if (end < 0) return false;
            if (role !== OTHER) {
              // A member read here: only its plain form (no escape to decode) is ordinary.
              if (isObjectRole(role) || escaped) return false;
              this.noted(role).set(start, end);
            }
            i = end + 1;
            state = AFTER_VALUE;
          } else if (c === OPEN_OBJECT) {
            if (depth === MAX_DEPTH) return false;
            // meta and the patient elements are objects; any other kind of value is left to JSON.parse.
            if (role !== OTHER && !isObjectRole(role)) return false;
            if (depth === 1) container = role;
            stack[++depth] = IN_OBJECT;
            i++;
            state = KEY_OR_CLOSE;
          } else if (role !== OTHER) {
            return false;
          } else if (c === OPEN_ARRAY) {
            if (depth === MAX_DEPTH) return false;
            stack[++depth] = IN_ARRAY;
            i++;
            state = VALUE_OR_CLOSE;
          } else {
            i = c === MINUS || (c >= ZERO && c <= NINE) ? numberEnd(b, i) : c === 0x74 ? wordEnd(b, i, TRUE) : c === 0x66 ? wordEnd(b, i, FALSE) : c === 0x6e ? wordEnd(b, i, NULL) : -1;
            if (i < 0) return false;
            state = AFTER_VALUE;
          }
          role = OTHER;
          break;
        case KEY: {
          if (c !== QUOTE) return false;
          const start = i + 1;
          const end = stringEnd(b, start, n);
          if (end < 0) return false;
          if (depth === 1 || (depth === 2 && container !== OTHER)) {
            // An escaped key could spell a member read here.
            if (escaped) return false;
            role = depth === 1 ? this.topRole(b, start, end) : this.innerRole(b, start, end, container);
            // A later copy of a member replaces an earlier one, as in JSON.parse.
            if (role === META) this.lastUpdatedAt.clear();
            else if (isObjectRole(role)) this.referenceAt[role - LINK]!.clear();
          }
          i = end + 1;
          state = COLON_NEXT;
          break;
        }
        case COLON_NEXT:
          if (c !== COLON) return false;
          i++;
          state = VALUE;
          break;
        default: {
          // AFTER_VALUE: anything after the resource's closing brace but white space is not JSON.
          if (depth === 0) return false;
          const inside = stack[depth];
          if (c === COMMA) {
            state = inside === IN_OBJECT ? KEY : VALUE;
          } else if (c === (inside === IN_OBJECT ? CLOSE_OBJECT : CLOSE_ARRAY)) {
            depth--;
            if (depth === 1) container = OTHER;
          } else return false;
          i++;
        }
      }
    }
  }

  private topRole(b: Buffer, start: number, end: number): number {
    if (keyIs(b, start, end, RESOURCE_TYPE_KEY)) return RESOURCE_TYPE;
    if (keyIs(b, start, end, ID_KEY)) return ID;
    if (keyIs(b, start, end, META_KEY)) return META;
    for (let k = 0; k < this.linkNames.length; k++) if (keyIs(b, start, end, this.linkNames[k]!)) return LINK + k;
    return OTHER;
  }

  private innerRole(b: Buffer, start: number, end: number, container: number): number {
    if (container === META) return keyIs(b, start, end, LAST_UPDATED_KEY) ? LAST_UPDATED : OTHER;
    return keyIs(b, start, end, REFERENCE_KEY) ? REFERENCE + (container - LINK) : OTHER;
  }

  private noted(role: number): Noted {
    if (role === RESOURCE_TYPE) return this.resourceTypeAt;
    if (role === ID) return this.idAt;
    return role === LAST_UPDATED ? this.lastUpdatedAt : this.referenceAt[role - REFERENCE]!;
  }
}

/** Whether the key in b[start, end) is name. */
function keyIs(b: Buffer, start: number, end: number, name: Uint8Array): boolean {
  if (end - start !== name.length) return false;
  for (let k = 0; k < name.length; k++) if (b[start + k] !== name[k]) return false;
  return true;
}

/** Whether the last string stringEnd went through held an escape sequence. */
let escaped = false;

/** The index of the quote closing a string whose contents start at `start`, or -1 when it is not valid JSON. */
function stringEnd(b: Buffer, start: number, n: number): number {
  let i = start;
  escaped = false;
  for (;;) {
    while (i < n && STOPS_STRING[b[i]!] === 0) i++;
    if (i >= n) return -1;
    const c = b[i]!;
    if (c === QUOTE) return i;
    if (c !== BACKSLASH) return -1; // an unescaped control character
    escaped = true;
    const e = b[i + 1];
    if (e !== undefined && SIMPLE_ESCAPE[e] === 1) i += 2;
    else if (e === 0x75 && i + 5 < n && IS_HEX[b[i + 2]!] && IS_HEX[b[i + 3]!] && IS_HEX[b[i + 4]!] && IS_HEX[b[i + 5]!]) i += 6;
    else return -1;
  }
}

/** The end of a number starting at i (-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?), or -1. */
function numberEnd(b: Buffer, i: number): number {
  if (b[i] === MINUS) i++;
  if (b[i] === ZERO) i++;
  else if (isDigit(b[i])) while (isDigit(b[i])) i++;
  else return -1;
  if (b[i] === DOT) {
    i++;
    if (!isDigit(b[i])) return -1;
    while (isDigit(b[i])) i++;
  }
  if (b[i] === 0x65 || b[i] === 0x45) {
    i++;
    if (b[i] === PLUS || b[i] === MINUS) i++;
    if (!isDigit(b[i])) return -1;
    while (isDigit(b[i])) i++;
  }
  return i;
}

function wordEnd(b: Buffer, i: number, word: Uint8Array): number {
  for (let k = 0; k < word.length; k++) if (b[i + k] !== word[k]) return -1;
  return i + word.length;
}

function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= ZERO && c <= NINE;
}
