// The console's shell: who is signed in, the navigation, and which page the address shows.
import * as api from './api.js';
import { errorBox, fill, h } from './dom.js';
import { signInPage } from './signin.js';
import { submissionsPage } from './submissions.js';
import { submissionPage } from './submission.js';
import { clustersPage } from './clusters.js';
import { submitPage } from './submit.js';

const main = document.getElementById('main');
let leave = () => {};
let refusal = null;

/** The page of an address such as #/submissions?state=RUNNING or #/submissions/ID. */
function route() {
  const [path, query] = (location.hash.slice(1) || '/submissions').split('?');
  const parts = path.split('/').filter(Boolean);
  return { parts, params: new URLSearchParams(query || '') };
}

async function show() {
  leave();
  leave = () => {};
  const { parts, params } = route();
  const session = api.current();
  if (!session) {
    showSignedIn(null);
    leave = signInPage(main, refusal, async () => {
      showSignedIn(api.current());
      if (route().parts[0] === 'signin') {
        location.hash = '#/submissions';
      } else {
        await show();
      }
    });
    return;
  }
  showSignedIn(session);
  const page = parts[0] || 'submissions';
  for (const link of document.querySelectorAll('#nav a')) {
    link.toggleAttribute('aria-current', link.dataset.page === page);
  }
  try {
    if (page === 'submissions' && parts[1]) {
      leave = submissionPage(main, decodeURIComponent(parts[1]), params);
    } else if (page === 'submissions' || page === 'signin') {
      leave = submissionsPage(main, params, session);
    } else if (page === 'clusters') {
      leave = clustersPage(main, session);
    } else if (page === 'submit') {
      leave = submitPage(main);
    } else {
      fill(main, h('h1', {}, 'Not found'), h('p', {}, h('a', { href: '#/submissions' }, 'Submissions')));
    }
  } catch (e) {
    fill(main, errorBox(e));
  }
  main.focus({ preventScroll: true });
}

function showSignedIn(session) {
  document.getElementById('nav').hidden = !session;
  document.getElementById('who').hidden = !session;
  document.getElementById('nav-clusters').hidden = !(session && session.admin);
  if (session) {
    document.getElementById('who-name').textContent =
      session.user + (session.admin ? ' (admin)' : '');
    // Signed in by the proxy in front: signing out is the proxy's.
    document.getElementById('sign-out').hidden = session.proxy;
  }
}

document.getElementById('sign-out').addEventListener('click', async () => {
  try {
    await api.signOut();
  } catch (e) {
    // Still signed in: say so rather than show a sign-in form over a live session.
    main.prepend(errorBox(e));
    return;
  }
  location.hash = '#/signin';
  await show();
});

api.whenSignedOut(() => show());
window.addEventListener('hashchange', () => show());

(async () => {
  try {
    await api.resume((e) => {
      refusal = e;
    });
  } catch (e) {
    fill(main, errorBox(e));
    return;
  }
  await show();
})();
