// Sign-in: a user name and password, or a token (an API token or the identity provider's JWT).
import * as api from './api.js';
import { errorBox, fill, h } from './dom.js';

export function signInPage(main, refusal, signedIn) {
  const problem = h('div', { 'aria-live': 'polite' }, refusal ? errorBox(refusal) : null);
  const username = h('input', {
    id: 'username',
    name: 'username',
    autocomplete: 'username',
    required: true,
    autofocus: true,
  });
  const password = h('input', {
    id: 'password',
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
  });
  const token = h('textarea', { id: 'token', name: 'token', rows: 3, spellcheck: 'false' });

  async function submit(event, credentials) {
    event.preventDefault();
    const button = event.target.querySelector('button[type=submit]');
    button.disabled = true;
    fill(problem);
    try {
      await api.signIn(credentials());
      await signedIn();
    } catch (e) {
      fill(problem, errorBox(e));
      button.disabled = false;
    }
  }

  fill(
    main,
    h(
      'section',
      { class: 'card narrow' },
      h('h1', {}, 'Sign in'),
      problem,
      h(
        'form',
        {
          id: 'sign-in',
          onsubmit: (e) => submit(e, () => ({ username: username.value, password: password.value })),
        },
        h('label', { for: 'username' }, 'User name'),
        username,
        h('label', { for: 'password' }, 'Password'),
        password,
        h('button', { type: 'submit', id: 'sign-in-button' }, 'Sign in'),
      ),
      h(
        'details',
        {},
        h('summary', {}, 'Sign in with a token instead'),
        h(
          'form',
          { onsubmit: (e) => submit(e, () => ({ token: token.value.trim() })) },
          h('label', { for: 'token' }, 'API token or identity provider token'),
          token,
          h('button', { type: 'submit' }, 'Sign in with the token'),
        ),
      ),
    ),
  );
  username.focus();
  return () => {};
}
