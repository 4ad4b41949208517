// What the user sees when the app cannot start or lost its session: what happened and what to do, never a blank
// screen or a stack trace. The technical detail is text for whoever fixes the set-up.
import type { LaunchProblem } from '../fhir/launch-problem';

export function ProblemPage({ problem, onRetry }: { problem: LaunchProblem; onRetry?: () => void }) {
  return (
    <main class="problem" aria-labelledby="problem-title">
      <h1 id="problem-title">{problem.title}</h1>
      <p>{problem.explanation}</p>
      <p>
        <strong>What to do: </strong>
        {problem.whatToDo}
      </p>
      {onRetry && (
        <p>
          <button type="button" onClick={onRetry}>
            Try again
          </button>
        </p>
      )}
      {problem.detail && (
        <details>
          <summary>Technical detail</summary>
          <p class="detail">{problem.detail}</p>
        </details>
      )}
    </main>
  );
}
