// The audit's first pass: read every line of every file once, check it, and hand each resource to a sink: the
// shared resources are kept in memory, each patient's resource goes to temporary buckets (the audit) or part
// folders (a split). Nothing here holds more than one line of a patient's data at a time, so memory does not
// grow with the files.
import type { Resource } from 'fhir/r4';
import type { ExportFile, ExportLayout } from './export-files';
import { parseErrorText, type FaultLog, type InputFault } from './faults';
import { lastUpdatedOf } from './duplicates';
import { readNdjsonLines } from './ndjson-reader';
import { patientOf, roleOfType } from './resource-roles';
import { SharedResources } from './shared-resources';

export interface PatientLine {
  /** "Patient/<id>". */
  patient: string;
  /** "Type/<id>". */
  ref: string;
  type: string;
  /** meta.lastUpdated, "" when absent (it decides which copy of a duplicate is kept). */
  lastUpdated: string;
  /** The line exactly as read. */
  text: string;
  /** Its bytes as read: a view valid only during the call that hands the line over. */
  bytes: Uint8Array;
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

/**
 * Reads every line of one file once and checks it: a patient's resource goes to sink.patient, a shared one to
 * sink.shared, anything wrong to sink.fault with the file and line. Nothing is held beyond the current line.
 */
export async function readExportFile(file: ExportFile, fileIndex: number, sink: LineSink, onBytes?: (bytes: number) => void): Promise<FileReadResult> {
  const countsByType: Record<string, number> = {};
  try {
    await readNdjsonLines(
      file.path,
      ({ text, bytes, line, unterminated }) => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch (err) {
          sink.fault(
            unterminated
              ? { kind: 'truncated-line', file: file.name, line, message: `the last line has no end (${parseErrorText(err)}): the file looks cut short` }
              : { kind: 'invalid-json', file: file.name, line, message: `not JSON: ${parseErrorText(err)}` },
          );
          return;
        }
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || typeof (parsed as Resource).resourceType !== 'string') {
          sink.fault({ kind: 'not-a-resource', file: file.name, line, message: 'JSON without a resourceType: not a FHIR resource' });
          return;
        }
        const resource = parsed as Resource;
        const type = resource.resourceType;
        if (file.type && type !== file.type) {
          sink.fault({
            kind: 'wrong-type',
            file: file.name,
            line,
            resource: typeof resource.id === 'string' ? `${type}/${resource.id}` : undefined,
            message: `a ${type} in a file of ${file.type} resources; left out`,
          });
          return;
        }
        if (typeof resource.id !== 'string' || resource.id.length === 0) {
          sink.fault({ kind: 'id-missing', file: file.name, line, message: `a ${type} without an id; left out` });
          return;
        }
        countsByType[type] = (countsByType[type] ?? 0) + 1;
        const withId = resource as Resource & { id: string };
        const role = roleOfType(type);
        if (role === 'shared') {
          sink.shared(withId, text, line);
        } else if (role === 'patient') {
          const ref = `${type}/${withId.id}`;
          const patient = patientOf(withId as unknown as Resource & Record<string, unknown>);
          if (!patient) {
            sink.fault({ kind: 'patient-missing', file: file.name, line, resource: ref, message: `${ref} names no Patient, so it cannot be grouped by patient; left out` });
            return;
          }
          sink.patient({ patient, ref, type, lastUpdated: lastUpdatedOf(withId), text, bytes, file: fileIndex, line });
        }
        // Other types (Condition, Observation, ...) are not used by the engine: counted, not kept.
      },
      onBytes,
    );
  } catch (err) {
    sink.fault({ kind: 'file-missing', file: file.name, line: 0, message: `cannot be read: ${(err as Error).message}` });
  }
  return { countsByType };
}
