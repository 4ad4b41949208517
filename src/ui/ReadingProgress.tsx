// Shown at once while signing in and reading, so a slow EHR never looks like a frozen page.
export interface ReadingState {
  step: 'signing-in' | 'reading' | 'catalog';
  asked: number;
  answered: number;
}

const STEP_TEXT: Record<ReadingState['step'], string> = {
  'signing-in': 'Signing in to the EHR…',
  reading: 'Reading the encounter from the EHR…',
  catalog: 'Looking up the drugs in the billing catalog…',
};

export function ReadingProgress({ state }: { state: ReadingState }) {
  const counts = state.asked > 0 ? `${state.answered} of ${state.asked} requests answered` : '';
  return (
    <main class="loading" aria-busy="true" aria-labelledby="loading-title">
      <h1 id="loading-title">J-Code Assist</h1>
      <div role="status" aria-live="polite">
        <p>{STEP_TEXT[state.step]}</p>
        {state.asked > 0 && (
          <>
            <progress max={state.asked} value={state.answered} aria-label="Requests answered" />
            <p class="counts">{counts}</p>
          </>
        )}
      </div>
    </main>
  );
}
