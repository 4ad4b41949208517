// Lets a person type the NDC from the package label when the EHR's record has none (Oracle Health sends RxNorm
// only). It applies to this session's derivation; the EHR's medication record is not changed.
import { useState } from 'preact/hooks';
import { normalizeNdc } from '../catalog/ndc';

export function NdcEntry({ id, drugLabel, onApply }: { id: string; drugLabel: string; onApply: (ndc11: string) => Promise<void> }) {
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const result = normalizeNdc(value);
    if ('error' in result) return setError(`That is not an NDC: ${result.error}.`);
    if ('candidates' in result) return setError('Ten digits without hyphens can be read several ways: type the NDC with its hyphens, as printed on the package.');
    setBusy(true);
    try {
      await onApply(result.ndc11);
    } catch (err) {
      setError(`The NDC could not be looked up: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      class="ndc-entry"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!busy) void submit();
      }}
    >
      <label for={`${id}-ndc`}>NDC from the package of {drugLabel}</label>
      <input
        id={`${id}-ndc`}
        autoComplete="off"
        placeholder="e.g. 57894-030-01"
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-ndc-error` : undefined}
        onInput={(e) => {
          setValue(e.currentTarget.value);
          setError(undefined);
        }}
      />
      <button type="submit" disabled={busy}>
        {busy ? 'Looking up…' : 'Use this NDC'}
      </button>
      {error && (
        <p id={`${id}-ndc-error`} class="field-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
