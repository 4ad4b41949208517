// The launch page's DOM, built with textContent only: names and details from configuration or an EHR's error
// are shown as text, never parsed as markup. No framework, to keep the page small.
import type { LaunchProblem } from '../src/fhir/launch-problem';
import type { LaunchView } from './run-launch';

export function domLaunchView(root: HTMLElement): LaunchView {
  const el = <K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, attrs: Record<string, string> = {}) => {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    return node;
  };
  const show = (...children: Node[]) => root.replaceChildren(...children);
  return {
    working(message) {
      root.setAttribute('aria-busy', 'true');
      show(el('h1', 'J-Code Assist'), el('p', message, { role: 'status' }));
    },
    chooser(choices, onChoose) {
      root.removeAttribute('aria-busy');
      const list = el('ul', undefined, { class: 'chooser' });
      for (const choice of choices) {
        const button = el('button', `Sign in to ${choice.name}`, { type: 'button' });
        button.addEventListener('click', () => onChoose(choice));
        const item = el('li');
        item.append(button, el('span', ` ${choice.iss}`, { class: 'hint' }));
        list.append(item);
      }
      show(
        el('h1', 'J-Code Assist'),
        el('p', 'Choose the EHR to sign in to. You will then pick the patient and the encounter there.'),
        list,
      );
    },
    problem(problem: LaunchProblem) {
      root.removeAttribute('aria-busy');
      const children: Node[] = [el('h1', problem.title), el('p', problem.explanation)];
      const todo = el('p');
      todo.append(el('strong', 'What to do: '), document.createTextNode(problem.whatToDo));
      children.push(todo);
      if (problem.detail) {
        const details = el('details');
        details.append(el('summary', 'Technical detail'), el('p', problem.detail, { class: 'detail' }));
        children.push(details);
      }
      root.className = 'problem';
      show(...children);
    },
  };
}

