// Entry point: takes the token from the login URL, then renders the console.
import { render } from 'preact';
import { App } from './app.js';
import { takeToken } from './token.js';

const root = document.getElementById('app');
if (root !== null) render(<App initialToken={takeToken()} />, root);
