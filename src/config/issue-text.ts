// zod's own messages ("String must contain at least 1 character(s)", "Unrecognized key(s) in object: 'extra'") are
// library text; an integrator editing smart-config.json needs the setting's path and what it expects in plain words.
// Each issue kind is worded here once. A message written in the schema itself (a regex or refine message) is kept.
import { z } from 'zod';

type Path = readonly (string | number)[];

/** A setting's path as an integrator writes it: clients[0].clientId, billing.fees.J1745. */
export function settingPath(path: Path): string {
  if (path.length === 0) return '(top level)';
  return path.map((part, n) => (typeof part === 'number' ? `[${part}]` : n === 0 ? part : `.${part}`)).join('');
}

/** One problem as "path: what is expected", in words. `schema` names the keys allowed where an unknown key stands. */
export function issueText(issue: z.ZodIssue, schema: z.ZodTypeAny): string {
  // An unknown key at the top level needs no path: the message names the key.
  if (issue.code === z.ZodIssueCode.unrecognized_keys && issue.path.length === 0) return issueMessage(issue, schema);
  // A value of the right kind for one form of a union, wrong inside: that form's own problems, with their paths.
  const inner = issue.code === z.ZodIssueCode.invalid_union ? fittingBranch(issue) : undefined;
  if (inner) return inner.map((i) => issueText(i, schema)).join('; ');
  return `${settingPath(issue.path)}: ${issueMessage(issue, schema)}`;
}

function issueMessage(issue: z.ZodIssue, schema: z.ZodTypeAny): string {
  // A message the schema wrote differs from zod's default for the same issue: it is already in words.
  if (issue.code === z.ZodIssueCode.custom || issue.message !== z.defaultErrorMap(issue, { defaultError: '', data: undefined }).message) {
    return issue.message;
  }
  switch (issue.code) {
    case z.ZodIssueCode.invalid_type:
      return issue.received === 'undefined' ? `is missing (expected ${kindOf(issue.expected)})` : `must be ${kindOf(issue.expected)} (got ${kindOf(issue.received)})`;
    case z.ZodIssueCode.too_small:
      if (issue.type === 'string') return issue.minimum === 1 ? 'must not be empty' : `must have at least ${issue.minimum} characters`;
      if (issue.type === 'array') return issue.minimum === 1 ? 'must list at least one entry' : `must list at least ${issue.minimum} entries`;
      return `must be ${issue.inclusive ? 'at least' : 'more than'} ${issue.minimum}`;
    case z.ZodIssueCode.too_big:
      if (issue.type === 'string') return `must have at most ${issue.maximum} characters`;
      if (issue.type === 'array') return `must list at most ${issue.maximum} entries`;
      return `must be ${issue.inclusive ? 'at most' : 'less than'} ${issue.maximum}`;
    case z.ZodIssueCode.unrecognized_keys: {
      const allowed = allowedKeys(schema, issue.path);
      const names = issue.keys.map((k) => `'${k}'`).join(', ');
      return `unknown setting${issue.keys.length > 1 ? 's' : ''} ${names}${allowed.length ? ` (allowed: ${allowed.join(', ')})` : ''}`;
    }
    case z.ZodIssueCode.invalid_enum_value:
      return `must be one of ${issue.options.map((o) => `'${String(o)}'`).join(', ')} (got ${shown(issue.received)})`;
    case z.ZodIssueCode.invalid_literal:
      return `must be ${shown(issue.expected)} (got ${shown(issue.received)})`;
    case z.ZodIssueCode.invalid_union:
      return unionMessage(issue, schema);
    case z.ZodIssueCode.invalid_string:
      return issue.validation === 'url' ? 'must be a URL' : `is not in the expected form (${String(issue.validation)})`;
    default:
      return issue.message;
  }
}

/** The issues of the union's form whose problems all lie inside the value (its kind fitted), if there is one. */
function fittingBranch(issue: z.ZodInvalidUnionIssue): z.ZodIssue[] | undefined {
  const depth = issue.path.length;
  return issue.unionErrors.map((e) => e.issues).find((issues) => issues.length > 0 && issues.every((i) => i.path.length > depth));
}

/** No form of a union (claimDestination: "ehr" or { fhirBaseUrl }) fits the value's kind: name each form. */
function unionMessage(issue: z.ZodInvalidUnionIssue, schema: z.ZodTypeAny): string {
  let got: string | undefined;
  const forms = issue.unionErrors.map((e) => {
    const own = e.issues.find((i) => i.path.length === issue.path.length) ?? e.issues[0];
    if (own?.code === z.ZodIssueCode.invalid_literal) {
      got ??= shown(own.received);
      return shown(own.expected);
    }
    if (own?.code === z.ZodIssueCode.invalid_type) {
      got ??= kindOf(own.received);
      const keys = own.expected === 'object' ? allowedKeys(schema, issue.path) : [];
      return keys.length ? `an object { ${keys.join(', ')} }` : kindOf(own.expected);
    }
    return own ? issueMessage(own, schema) : 'another form';
  });
  return `must be ${forms.join(' or ')}${got ? ` (got ${got})` : ''}`;
}

function kindOf(type: string): string {
  // An enum given the wrong kind of value: zod's expected is "'office' | 'hospital-outpatient'".
  if (type.includes(' | ')) return `one of ${type.split(' | ').join(', ')}`;
  switch (type) {
    case 'string':
      return 'text';
    case 'number':
    case 'integer':
    case 'float':
      return 'a number';
    case 'boolean':
      return 'true or false';
    case 'object':
      return 'an object { ... }';
    case 'array':
      return 'a list [ ... ]';
    case 'null':
      return 'null';
    default:
      return type;
  }
}

function shown(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value) ?? String(value);
}

/** The keys of the object schema found at `path`, looking through defaults, optionals, refinements, lists and records. */
export function allowedKeys(schema: z.ZodTypeAny, path: Path): string[] {
  let node: z.ZodTypeAny | undefined = schema;
  for (const part of [...path, undefined]) {
    node = unwrap(node);
    if (!node) return [];
    if (part === undefined) break;
    if (node instanceof z.ZodObject) node = (node.shape as Record<string, z.ZodTypeAny>)[String(part)];
    else if (node instanceof z.ZodArray) node = node.element as z.ZodTypeAny;
    else if (node instanceof z.ZodRecord) node = node.valueSchema as z.ZodTypeAny;
    else if (node instanceof z.ZodUnion) node = (node.options as z.ZodTypeAny[]).map(unwrap).find((o) => o instanceof z.ZodObject);
    else return [];
  }
  if (node instanceof z.ZodUnion) node = (node.options as z.ZodTypeAny[]).map(unwrap).find((o) => o instanceof z.ZodObject);
  return node instanceof z.ZodObject ? Object.keys(node.shape as object) : [];
}

function unwrap(node: z.ZodTypeAny | undefined): z.ZodTypeAny | undefined {
  let current = node;
  for (;;) {
    if (current instanceof z.ZodDefault) current = current._def.innerType as z.ZodTypeAny;
    else if (current instanceof z.ZodOptional || current instanceof z.ZodNullable) current = current.unwrap() as z.ZodTypeAny;
    else if (current instanceof z.ZodEffects) current = current.innerType() as z.ZodTypeAny;
    else return current;
  }
}
