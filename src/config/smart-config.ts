// smart-config.json: SMART client registrations per EHR and the billing settings an integrator must set
// (docs/design.md, "Configuration"). Parsed once at start-up; every problem is reported with its JSON path.
import { findNodeAtLocation, parseTree, printParseErrorCode, type ParseError, type ParseErrorCode } from 'jsonc-parser';
import { z } from 'zod';
import { KnownError } from '../errors';
import { isValidNpi, type BillingSettings } from '../billing';
import { cdsHooksConfigSchema } from './cds-hooks-config';
import { FEE_KEY, feeProblem } from './fee-schedule';
import { issueText } from './issue-text';

const administrationClass = z.enum(['chemo', 'hormonal-antineoplastic', 'therapeutic', 'hydration', 'intravitreal']);
const containerType = z.enum(['single-dose', 'multi-dose']);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const hcpcsOrNdc = z.string().regex(/^([A-Z]\d{4}|\d{11})$/, 'keys must be a HCPCS code (J1745) or an 11-digit NDC');

/**
 * A FHIR base URL the browser will call: http(s) only. z.string().url() alone takes any scheme (ftp:, javascript:)
 * and says just "Invalid url"; such a registration or claim destination would fail only when a nurse uses it.
 */
const httpUrl = (example: string) =>
  z.string().refine((value) => {
    try {
      return ['http:', 'https:'].includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, `must be an http(s) URL such as ${example}`);

const npi = z.string().refine(isValidNpi, 'must be a 10-digit NPI whose last digit is its check digit (Luhn over 80840 and the first 9 digits)');
const fee = z
  .number({ invalid_type_error: 'must be a number of dollars per unit, such as 96.00' })
  .superRefine((value, ctx) => {
    const problem = feeProblem(value);
    if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
  });
const feeKey = z.string().regex(FEE_KEY, 'keys must be a code (J1745, 96413) or a code and modifier (67028-50), upper case');

const client = z
  .object({
    /** Shown in the standalone-launch chooser. */
    name: z.string().min(1),
    /** The EHR's FHIR base URL; an EHR launch picks the registration whose iss matches. */
    iss: httpUrl('https://fhir.example.org/R4'),
    clientId: z.string().min(1),
    scopes: z.string().min(1),
    /** Absolute, or relative to the app's origin. */
    redirectUri: z.string().min(1).default('/app/'),
    /** Listed in the standalone chooser. */
    standalone: z.boolean().default(true),
  })
  .strict();

const billing = z
  .object({
    setting: z.enum(['office', 'hospital-outpatient']).default('office'),
    placeOfService: z.string().regex(/^\d{2}$/, 'must be a two-digit CMS place-of-service code').default('11'),
    billingProvider: z
      .string()
      .regex(/^(Organization|Practitioner|PractitionerRole)\/[A-Za-z0-9\-.]{1,64}$/, 'must be a reference such as Organization/clinic')
      .optional(),
    /** Used when the EHR's record of the billing provider lacks them. */
    billingProviderNpi: npi.optional(),
    billingProviderTaxId: z.string().regex(/^\d{2}-?\d{7}$/, 'must be a 9-digit employer identification number, e.g. 12-3456789').optional(),
    /** The rendering provider when the encounter names no physician or NPP with an NPI. */
    renderingProvider: z
      .object({
        npi,
        reference: z.string().regex(/^(Practitioner|PractitionerRole)\/[A-Za-z0-9\-.]{1,64}$/, 'must be a reference such as Practitioner/dr-lee').optional(),
        name: z.string().min(1).optional(),
      })
      .strict()
      .optional(),
    /** Dollars per billing unit by code or code-modifier. */
    fees: z.record(feeKey, fee).default({}),
    /** A CSV fee schedule (code,modifier,charge), relative to the config file; read by loadSmartConfig. */
    feeScheduleFile: z.string().min(1).optional(),
    wasteReasonCodes: z
      .array(z.object({ system: z.string().min(1), code: z.string().min(1), display: z.string().optional() }).strict())
      .default([]),
    administrationClass: z.record(hcpcsOrNdc, administrationClass).default({}),
    containerType: z.record(hcpcsOrNdc, containerType).default({}),
    bilateralIntravitreal: z.enum(['modifier-50', 'rt-lt']).default('modifier-50'),
    // CR 13056: JZ required for dates of service from 2023-07-01.
    jzRequiredFrom: isoDate.default('2023-07-01'),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.feeScheduleFile && Object.keys(b.fees).length > 0) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['fees'], message: 'give the fee schedule once: either fees or feeScheduleFile, not both' });
    }
  });

const claimDestination = z.union([
  z.literal('ehr'),
  z.object({ fhirBaseUrl: httpUrl('https://billing.example.org/fhir') }).strict(),
]);

export const smartConfigSchema = z
  .object({
    $schema: z.string().optional(),
    clients: z.array(client).default([]),
    billing: billing.default({}),
    claimDestination: claimDestination.default('ehr'),
    cdsHooks: cdsHooksConfigSchema.default({}),
  })
  .strict();

export type SmartConfig = z.infer<typeof smartConfigSchema>;
export type ClientRegistration = z.infer<typeof client>;

export class ConfigError extends KnownError {
  readonly code = 'config-invalid';

  constructor(
    readonly source: string,
    readonly problems: string[],
    /** The file's JSON when it parsed: start-up still checks what it asks of the server (CDS issuers). */
    readonly json?: unknown,
  ) {
    super(`${source} is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }

  /** The problems on one line: the CLI's contract is a one-line message. */
  override get cliMessage(): string {
    return this.message.replace(/\n\s*/g, ' ');
  }
}

/**
 * Validates parsed JSON; throws ConfigError listing every problem with its path (and its line, when the file's
 * text is given). A feeScheduleFile is not read here (no I/O): loadSmartConfig reads it.
 */
export function parseSmartConfig(json: unknown, source = 'smart-config.json', text?: string): SmartConfig {
  const problems = smartConfigProblems(json, text);
  if (problems.problems.length > 0 || !problems.config) throw new ConfigError(source, problems.problems);
  return problems.config;
}

/** Every problem of a parsed smart-config.json, each as "line N: path: message" when the text is known. */
export function smartConfigProblems(json: unknown, text?: string): { config?: SmartConfig; problems: string[] } {
  const parsed = smartConfigSchema.safeParse(json);
  if (parsed.success) return { config: parsed.data, problems: [] };
  const tree = text === undefined ? undefined : parseTree(text);
  const located = parsed.error.issues.map((i) => {
    // An unknown key is reported on its parent object; its own line is where the integrator must look.
    const at = i.code === z.ZodIssueCode.unrecognized_keys && i.keys[0] !== undefined ? [...i.path, i.keys[0]] : i.path;
    const line = tree && text !== undefined ? lineOfPath(tree, at, text) : undefined;
    return { line: line ?? 0, text: `${line ? `line ${line}: ` : ''}${issueText(i, smartConfigSchema)}` };
  });
  // In the order of the file, as an integrator reads it top to bottom (the sort is stable within a line).
  return { problems: located.sort((a, b) => a.line - b.line).map((p) => p.text) };
}

/** The 1-based line of the deepest node of `path` that exists in the file (a missing key: its parent object). */
function lineOfPath(tree: NonNullable<ReturnType<typeof parseTree>>, path: (string | number)[], text: string): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = findNodeAtLocation(tree, path.slice(0, depth));
    if (!node) continue;
    // A key's line is where its property starts, not its value.
    const offset = node.parent?.type === 'property' ? node.parent.offset : node.offset;
    return lineAt(text, offset);
  }
  return undefined;
}

/** The 1-based line of a character offset. */
function lineAt(text: string, offset: number): number {
  return lineAndColumnAt(text, offset).line;
}

/** The 1-based line and column of a character offset. */
function lineAndColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: Math.min(offset, text.length) - lineStart + 1 };
}

/** The first JSON syntax error with its line and column (later ones usually follow from it), or none. */
export function jsonSyntaxProblems(text: string): string[] {
  const errors: ParseError[] = [];
  parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  if (text.trim() === '') return ['is empty; a configuration with every default is {}'];
  return errors.slice(0, 1).map((e) => {
    const { line, column } = lineAndColumnAt(text, e.offset);
    // The commonest slip, a comma left after the last entry, shows as a missing name or value after it.
    const trailingComma = neighbour(text, e.offset, -1) === ',' && '}]'.includes(neighbour(text, e.offset, 1) || '?');
    const hint = trailingComma ? ' (JSON allows no comma after the last entry)' : '';
    return `not valid JSON at line ${line}, column ${column}: ${jsonErrorWords(e.error)}${hint}`;
  });
}

/** The first character that is not white space from `offset` going `step` (backwards: before it), or ''. */
function neighbour(text: string, offset: number, step: 1 | -1): string {
  for (let i = step < 0 ? offset - 1 : offset; i >= 0 && i < text.length; i += step) if (!/\s/.test(text[i]!)) return text[i]!;
  return '';
}

/** jsonc-parser's error codes (PropertyNameExpected, ...) in words. */
function jsonErrorWords(code: ParseErrorCode): string {
  switch (printParseErrorCode(code)) {
    case 'InvalidSymbol':
      return 'unexpected character (text must be in double quotes; true, false and null in lower case)';
    case 'InvalidNumberFormat':
      return 'not a number as JSON writes one (no leading zeros, + sign or trailing dot)';
    case 'PropertyNameExpected':
      return 'expected a property name in double quotes';
    case 'ValueExpected':
      return 'expected a value';
    case 'ColonExpected':
      return "expected ':' after the property name";
    case 'CommaExpected':
      return "expected ',' between entries";
    case 'CloseBraceExpected':
      return "expected '}' to close the object";
    case 'CloseBracketExpected':
      return "expected ']' to close the list";
    case 'EndOfFileExpected':
      return 'expected the end of the file after the closing brace';
    case 'InvalidCommentToken':
    case 'UnexpectedEndOfComment':
      return 'comments are not allowed in JSON';
    case 'UnexpectedEndOfString':
      return 'text not closed with a double quote before the end of the line';
    case 'UnexpectedEndOfNumber':
      return 'a number ends too early';
    case 'InvalidUnicode':
      return 'a \\u escape needs four hexadecimal digits';
    case 'InvalidEscapeCharacter':
      return 'unknown backslash escape in text';
    case 'InvalidCharacter':
      return 'a control character (such as a tab or line break) inside text';
    default:
      return printParseErrorCode(code);
  }
}

export function billingSettingsOf(config: SmartConfig | undefined): BillingSettings {
  return (config ?? parseSmartConfig({})).billing;
}

export const defaultBillingSettings: BillingSettings = billingSettingsOf(undefined);
