// The audit's first pass: read every line of every file once, check it, keep the shared resources in memory and
// hand each patient's resource to a sink (temporary buckets for the audit, part folders for a split). Nothing
// here holds more than one line of a patient's data at a time, so memory does not grow with the files.
import type { Resource } from 'fhir/r4';
import type { ExportLayout } from './export-files';
import { parseErrorText, type FaultLog } from './faults';
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

export async function readExport(
  layout: ExportLayout,
  faults: FaultLog,
  onPatientLine: (line: PatientLine) => void,
  onBytes?: (bytes: number) => void,
): Promise<ReadExportResult> {
  const fileName = (i: number): string => layout.files[i]?.name ?? '?';
  const shared = new SharedResources(faults, fileName);
  const countsByType: Record<string, number> = {};
  const typesPresent = new Set<string>();
  for (const f of layout.files) if (f.type) typesPresent.add(f.type);

  for (let fileIndex = 0; fileIndex < layout.files.length; fileIndex++) {
    const file = layout.files[fileIndex]!;
    try {
      await readNdjsonLines(
        file.path,
        ({ text, line, unterminated }) => {
          let parsed: unknown;
          try {
            parsed = JSON.parse(text);
          } catch (err) {
            faults.add(
              unterminated
                ? { kind: 'truncated-line', file: file.name, line, message: `the last line has no end (${parseErrorText(err)}): the file looks cut short` }
                : { kind: 'invalid-json', file: file.name, line, message: `not JSON: ${parseErrorText(err)}` },
            );
            return;
          }
          if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || typeof (parsed as Resource).resourceType !== 'string') {
            faults.add({ kind: 'not-a-resource', file: file.name, line, message: 'JSON without a resourceType: not a FHIR resource' });
            return;
          }
          const resource = parsed as Resource;
          const type = resource.resourceType;
          if (file.type && type !== file.type) {
            faults.add({
              kind: 'wrong-type',
              file: file.name,
              line,
              resource: typeof resource.id === 'string' ? `${type}/${resource.id}` : undefined,
              message: `a ${type} in a file of ${file.type} resources; left out`,
            });
            return;
          }
          if (typeof resource.id !== 'string' || resource.id.length === 0) {
            faults.add({ kind: 'id-missing', file: file.name, line, message: `a ${type} without an id; left out` });
            return;
          }
          countsByType[type] = (countsByType[type] ?? 0) + 1;
          typesPresent.add(type);
          const withId = resource as Resource & { id: string };
          const role = roleOfType(type);
          if (role === 'shared') {
            shared.add(withId, text, fileIndex, line);
          } else if (role === 'patient') {
            const ref = `${type}/${withId.id}`;
            const patient = patientOf(withId as unknown as Resource & Record<string, unknown>);
            if (!patient) {
              faults.add({ kind: 'patient-missing', file: file.name, line, resource: ref, message: `${ref} names no Patient, so it cannot be grouped by patient; left out` });
              return;
            }
            onPatientLine({ patient, ref, type, lastUpdated: lastUpdatedOf(withId), text, file: fileIndex, line });
          }
          // Other types (Condition, Observation, ...) are not used by the engine: counted, not kept.
        },
        onBytes,
      );
    } catch (err) {
      faults.add({ kind: 'file-missing', file: file.name, line: 0, message: `cannot be read: ${(err as Error).message}` });
    }
  }
  return { shared, countsByType, typesPresent };
}
