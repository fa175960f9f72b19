// The submissions table: filters and paging over GET /submissions, refreshed every few seconds.
import * as api from './api.js';
import { badge, duration, errorBox, fill, h, when } from './dom.js';

const STATES = [
  'QUEUED',
  'SUBMITTED',
  'RUNNING',
  'PENDING_RERUN',
  'SUCCEEDING',
  'FAILING',
  'COMPLETED',
  'FAILED',
  'SUBMISSION_FAILED',
  'UNKNOWN',
];
const SINCE = [
  ['', 'Any time'],
  ['1h', 'Last hour'],
  ['6h', 'Last 6 hours'],
  ['24h', 'Last 24 hours'],
  ['7d', 'Last 7 days'],
  ['30d', 'Last 30 days'],
];
const FILTERS = ['state', 'queue', 'cluster', 'user', 'name', 'since', 'from', 'to'];
const REFRESH_MILLIS = 5000;
const PAGE_SIZE = 50;

function sinceMillis(value) {
  const match = /^(\d+)([hd])$/.exec(value || '');
  if (!match) {
    return null;
  }
  return Date.now() - Number(match[1]) * (match[2] === 'h' ? 3600e3 : 86400e3);
}

export function submissionsPage(main, params, session) {
  const field = (name, label, control) =>
    h('div', { class: 'field' }, h('label', { for: `filter-${name}` }, label), control);
  const input = (name) =>
    h('input', { id: `filter-${name}`, name, value: params.get(name) || '', type: 'search' });
  // A local date and time; the address keeps it as typed, the API gets epoch milliseconds.
  const moment = (name) =>
    h('input', { id: `filter-${name}`, name, type: 'datetime-local', value: params.get(name) || '' });
  const select = (name, options) => {
    const control = h(
      'select',
      { id: `filter-${name}`, name },
      options.map(([value, text]) => h('option', { value, selected: params.get(name) === value }, text)),
    );
    return control;
  };
  const form = h(
    'form',
    { class: 'filters', id: 'filters', role: 'search', onsubmit: apply },
    field('state', 'State', select('state', [['', 'Any state'], ...STATES.map((s) => [s, s])])),
    field('queue', 'Queue', input('queue')),
    field('cluster', 'Cluster', input('cluster')),
    session.admin ? field('user', 'User', input('user')) : null,
    field('name', 'Name', input('name')),
    field('since', 'Created', select('since', SINCE)),
    field('from', 'Or from', moment('from')),
    field('to', 'To', moment('to')),
    h('div', { class: 'field actions' }, h('button', { type: 'submit' }, 'Filter')),
  );
  const refresh = h('input', { type: 'checkbox', id: 'auto-refresh', checked: true });
  const status = h('p', { class: 'muted', 'aria-live': 'polite', id: 'list-status' });
  const body = h('tbody', { id: 'submissions-body' });
  const pager = h('nav', { class: 'pager', 'aria-label': 'Pages of submissions' });
  const table = h(
    'div',
    { class: 'scroll' },
    h(
      'table',
      { id: 'submissions' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Submission'),
          h('th', { scope: 'col' }, 'State'),
          h('th', { scope: 'col', class: 'wide' }, 'User'),
          h('th', { scope: 'col', class: 'wide' }, 'Queue'),
          h('th', { scope: 'col', class: 'wide' }, 'Cluster'),
          h('th', { scope: 'col' }, 'Created'),
          h('th', { scope: 'col', class: 'wide' }, 'Duration'),
        ),
      ),
      body,
    ),
  );
  fill(
    main,
    h(
      'div',
      { class: 'title' },
      h('h1', {}, 'Submissions'),
      h('label', { class: 'inline' }, refresh, ' Refresh every 5 s'),
    ),
    form,
    status,
    table,
    pager,
  );

  function apply(event) {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const name of FILTERS) {
      const control = form.elements[name];
      if (control && control.value.trim()) {
        next.set(name, control.value.trim());
      }
    }
    location.hash = `#/submissions?${next}`;
  }

  function query() {
    const q = new URLSearchParams({ limit: String(PAGE_SIZE) });
    for (const name of ['state', 'queue', 'cluster', 'user', 'name', 'cursor']) {
      if (params.get(name)) {
        q.set(name, params.get(name));
      }
    }
    const from = params.get('from') ? Date.parse(params.get('from')) : sinceMillis(params.get('since'));
    if (from) {
      q.set('from', String(from));
    }
    const to = params.get('to') ? Date.parse(params.get('to')) : null;
    if (to) {
      q.set('to', String(to));
    }
    return q;
  }

  let stopped = false;
  let shown = null;
  let drawnAt = 0;
  async function load() {
    try {
      const page = await api.json('GET', `/submissions?${query()}`);
      if (stopped) {
        return;
      }
      // Rows are redrawn when they changed (or their relative times have aged), never under the
      // keyboard's focus.
      const seen = JSON.stringify(page.submissions);
      const stale = seen !== shown || Date.now() - drawnAt > 30000;
      if (stale && !body.contains(document.activeElement)) {
        shown = seen;
        drawnAt = Date.now();
        fill(body, page.submissions.map(row));
        if (page.submissions.length === 0) {
          fill(body, h('tr', {}, h('td', { colspan: 7, class: 'muted' }, 'No submissions match.')));
        }
      }
      fill(status, `${page.submissions.length} shown, updated ${new Date().toLocaleTimeString()}`);
      const links = [];
      if (params.get('cursor')) {
        const first = new URLSearchParams(params);
        first.delete('cursor');
        links.push(h('a', { href: `#/submissions?${first}` }, '« Newest'));
      }
      if (page.nextCursor) {
        const next = new URLSearchParams(params);
        next.set('cursor', page.nextCursor);
        links.push(h('a', { href: `#/submissions?${next}`, id: 'next-page' }, 'Older »'));
      }
      fill(pager, links);
    } catch (e) {
      if (!stopped) {
        fill(status, errorBox(e));
      }
    }
  }

  load();
  const timer = setInterval(() => {
    if (refresh.checked && !document.hidden) {
      load();
    }
  }, REFRESH_MILLIS);
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}

function row(s) {
  const name = s.applicationName || s.dagName || '';
  return h(
    'tr',
    { 'data-id': s.submissionId },
    h(
      'td',
      {},
      h('a', { href: `#/submissions/${encodeURIComponent(s.submissionId)}` }, s.submissionId),
      name ? h('div', { class: 'muted small' }, name) : null,
    ),
    h('td', {}, badge(s.applicationState)),
    h('td', { class: 'wide' }, s.user || ''),
    h('td', { class: 'wide' }, s.queue || ''),
    h('td', { class: 'wide' }, s.cluster || ''),
    h('td', {}, when(s.creationTime)),
    h('td', { class: 'wide' }, duration(s.duration)),
  );
}
