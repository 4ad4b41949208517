// App entry (the SMART redirect page, /app/): ready() -> read -> derive -> render, all inside <App>.
import { render } from 'preact';
import { App } from './ui/App';
import { browserServices } from './ui/services';
import './ui/app.css';

const root = document.getElementById('app');
if (root) render(<App services={browserServices()} />, root);
