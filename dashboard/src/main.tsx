import { render } from 'preact';

render(<p>Error Tracker</p>, document.getElementById('app') as HTMLElement);
