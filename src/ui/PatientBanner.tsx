// The patient banner, shown unless the EHR says its own frame already shows the patient (need_patient_banner false).
import type { Encounter, Patient } from 'fhir/r4';
import { patientName, recordedTime } from './format';

export function PatientBanner({ patient, patientId, encounter }: { patient: Patient | undefined; patientId: string; encounter: Encounter }) {
  const mrn = patient?.identifier?.find((i) => i.type?.coding?.some((c) => c.code === 'MR')) ?? patient?.identifier?.[0];
  return (
    <section class="banner" aria-label="Patient">
      <p class="patient-name">{patient ? patientName(patient) : `Patient ${patientId}`}</p>
      <dl>
        {patient?.birthDate && (
          <>
            <dt>Born</dt>
            <dd>{patient.birthDate}</dd>
          </>
        )}
        {patient?.gender && (
          <>
            <dt>Sex</dt>
            <dd>{patient.gender}</dd>
          </>
        )}
        {mrn?.value && (
          <>
            <dt>MRN</dt>
            <dd>{mrn.value}</dd>
          </>
        )}
        <dt>Encounter</dt>
        <dd>{encounterLabel(encounter)}</dd>
      </dl>
    </section>
  );
}

export function encounterLabel(encounter: Encounter): string {
  const kind = encounter.type?.[0]?.text ?? encounter.type?.[0]?.coding?.[0]?.display ?? encounter.class?.display ?? 'Encounter';
  const when = recordedTime(encounter.period?.start);
  return when ? `${kind}, ${when}` : kind;
}
