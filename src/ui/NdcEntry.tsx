// Lets a person type the NDC from the package label when the EHR's record has none (Oracle Health sends RxNorm
// only). It applies to this session's derivation; the EHR's medication record is not changed.
import { useRef, useState } from 'preact/hooks';
import { normalizeNdc } from '../catalog/ndc';

export function NdcEntry({ id, drugLabel, onApply }: { id: string; drugLabel: string; onApply: (ndc11: string) => Promise<void> }) {
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  // As the waste form does after a refused save: focus goes to the field in error, whose message it is described
  // by, so a keyboard or screen-reader user is where the correction is typed (not left on the button).
  const refuse = (message: string) => {
    setError(message);
    input.current?.focus();
  };
  const submit = async () => {
    const result = normalizeNdc(value);
    if ('error' in result) return refuse(`That is not an NDC: ${result.error}.`);
    if ('candidates' in result) return refuse('Ten digits without hyphens can be read several ways: type the NDC with its hyphens, as printed on the package.');
    setBusy(true);
    try {
      await onApply(result.ndc11);
    } catch (err) {
      refuse(`The NDC could not be looked up: ${err instanceof Error ? err.message : String(err)}`);
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
        ref={input}
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
