// The audit's first pass: read every line of every file once, check it, and hand each resource to a sink: the
// shared resources are kept in memory, each patient's resource goes to temporary buckets (the audit) or part
// folders (a split). Nothing here holds more than one line of a patient's data at a time, so memory does not
// grow with the files.
import type { Resource } from 'fhir/r4';
import type { ExportFile, ExportLayout } from './export-files';
import { parseErrorText, type FaultLog, type InputFault } from './faults';
import { lastUpdatedOf } from './duplicates';
import { readNdjsonLines } from './ndjson-reader';
import type { ReadRange } from './read-plan';
import { LineScanner } from './line-scan';
import { PATIENT_LINK_ELEMENTS, patientLinkOf, patientOf, roleOfType } from './resource-roles';
import { SharedResources } from './shared-resources';

export interface PatientLine {
  /** "Patient/<id>". */
  patient: string;
  /** "Type/<id>". */
  ref: string;
  type: string;
  /** meta.lastUpdated, "" when absent (it decides which copy of a duplicate is kept). */
  lastUpdated: string;
  /** The line's bytes as read: a view valid only during the call that hands the line over. */
  bytes: Buffer;
  file: number;
  line: number;
}

export interface ReadExportResult {
  shared: SharedResources;
  /** Resources read, by type (faulty lines excluded). */
  countsByType: Record<string, number>;
  /** Types the export holds files of (from the manifest or file names) or resources of. */
  typesPresent: Set<string>;
}

/** Where the lines of one file go once checked. */
export interface LineSink {
  fault(fault: InputFault): void;
  /** A resource many patients point at (Medication, Practitioner, ...), with its line as read. */
  shared(resource: Resource & { id: string }, text: string, line: number): void;
  patient(line: PatientLine): void;
}

export interface FileReadResult {
  /** Resources read, by type (faulty lines excluded). */
  countsByType: Record<string, number>;
}

/** Reads the whole export in this thread (the split uses it; the audit reads its files in parallel, file by file). */
export async function readExport(
  layout: ExportLayout,
  faults: FaultLog,
  onPatientLine: (line: PatientLine) => void,
  onBytes?: (bytes: number) => void,
): Promise<ReadExportResult> {
  const shared = new SharedResources(faults, (i) => layout.files[i]?.name ?? '?');
  const countsByType: Record<string, number> = {};
  const typesPresent = new Set<string>();
  for (const f of layout.files) if (f.type) typesPresent.add(f.type);
  for (const [fileIndex, file] of layout.files.entries()) {
    const sink: LineSink = {
      fault: (f) => faults.add(f),
      shared: (resource, text, line) => shared.add(resource, text, fileIndex, line),
      patient: onPatientLine,
    };
    const read = await readExportFile(file, fileIndex, sink, onBytes);
    for (const [type, n] of Object.entries(read.countsByType)) {
      countsByType[type] = (countsByType[type] ?? 0) + n;
      typesPresent.add(type);
    }
  }
  return { shared, countsByType, typesPresent };
}

/** The members of a line the first pass decides by, from the scanner or, for a line it leaves, from JSON.parse. */
interface LineHead {
  type: string;
  id: unknown;
  lastUpdated: string;
  /** The patient's element (subject, beneficiary...) as JSON.parse gives it, or { reference } from the scanner. */
  link: unknown;
  /** The parsed line, when it was parsed. */
  resource?: Resource;
}

/**
 * Reads every line of one file (or of the piece `range` of it) once and checks it: a patient's resource goes to
 * sink.patient, a shared one to sink.shared, anything wrong to sink.fault with the file and line. Nothing is held
 * beyond the current line. Patients' lines are not parsed here (the second pass parses them): the scanner checks
 * them and reads their ids.
 */
export async function readExportFile(
  file: ExportFile,
  fileIndex: number,
  sink: LineSink,
  onBytes?: (bytes: number) => void,
  range?: ReadRange,
): Promise<FileReadResult> {
  const countsByType: Record<string, number> = {};
  const scanner = new LineScanner(PATIENT_LINK_ELEMENTS);
  try {
    await readNdjsonLines(
      file.path,
      ({ bytes, line, unterminated }) => {
        const head: LineHead | undefined = scanner.scan(bytes)
          ? scannedHead(scanner)
          : parsedHead(bytes.toString('utf8'), file, line, unterminated, sink);
        if (!head) return;
        const { type, id } = head;
        if (file.type && type !== file.type) {
          sink.fault({
            kind: 'wrong-type',
            file: file.name,
            line,
            resource: typeof id === 'string' ? `${type}/${id}` : undefined,
            message: `${withArticle(type)} in a file of ${file.type} resources; left out`,
          });
          return;
        }
        if (typeof id !== 'string' || id.length === 0) {
          sink.fault({ kind: 'id-missing', file: file.name, line, message: `${withArticle(type)} without an id; left out` });
          return;
        }
        countsByType[type] = (countsByType[type] ?? 0) + 1;
        const role = roleOfType(type);
        if (role === 'shared') {
          const text = bytes.toString('utf8');
          sink.shared((head.resource ?? JSON.parse(text)) as Resource & { id: string }, text, line);
        } else if (role === 'patient') {
          const ref = `${type}/${id}`;
          const patient = patientOf(type, id, head.link);
          if (!patient) {
            sink.fault({ kind: 'patient-missing', file: file.name, line, resource: ref, message: `${ref} names no Patient, so it cannot be grouped by patient; left out` });
            return;
          }
          sink.patient({ patient, ref, type, lastUpdated: head.lastUpdated, bytes, file: fileIndex, line });
        }
        // Other types (Condition, Observation, ...) are not used by the engine: counted, not kept.
      },
      onBytes,
      range,
    );
  } catch (err) {
    sink.fault({ kind: 'file-missing', file: file.name, line: 0, message: `cannot be read: ${(err as Error).message}` });
  }
  return { countsByType };
}

/** The scanner notes the reference of every patient element; the line's type says which one names its patient. */
function scannedHead(scanner: LineScanner): LineHead {
  const type = scanner.resourceType;
  const element = patientLinkOf(type);
  const reference = element ? scanner.referenceOf(element) : undefined;
  return { type, id: scanner.id, lastUpdated: scanner.lastUpdated, link: reference === undefined ? undefined : { reference } };
}

/** A line the scanner left: parsed, with a fault (and undefined) when it is not JSON or not a resource. */
function parsedHead(text: string, file: ExportFile, line: number, unterminated: boolean, sink: LineSink): LineHead | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    sink.fault(
      unterminated
        ? { kind: 'truncated-line', file: file.name, line, message: `the last line has no end (${parseErrorText(err)}): the file looks cut short` }
        : { kind: 'invalid-json', file: file.name, line, message: `not JSON: ${parseErrorText(err)}` },
    );
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || typeof (parsed as Resource).resourceType !== 'string') {
    sink.fault({ kind: 'not-a-resource', file: file.name, line, message: 'JSON without a resourceType: not a FHIR resource' });
    return undefined;
  }
  const resource = parsed as Resource & Record<string, unknown>;
  const element = patientLinkOf(resource.resourceType);
  return { type: resource.resourceType, id: resource.id, lastUpdated: lastUpdatedOf(resource), link: element ? resource[element] : undefined, resource };
}

/** "an Observation", "a Procedure": resource types are read aloud by their first letter's vowel sound. */
function withArticle(type: string): string {
  return `${/^[AEIOU]/.test(type) ? 'an' : 'a'} ${type}`;
}
