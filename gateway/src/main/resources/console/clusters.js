// The clusters (admins): health and why, weight, and running, pending and queued against limits.
import * as api from './api.js';
import { badge, errorBox, fill, h, when } from './dom.js';

const REFRESH_MILLIS = 5000;

export function clustersPage(main, session) {
  if (!session.admin) {
    fill(main, h('h1', {}, 'Clusters'), h('p', {}, 'Only admins see the clusters.'));
    return () => {};
  }
  const body = h('tbody', { id: 'clusters-body' });
  const status = h('p', { class: 'muted', 'aria-live': 'polite' });
  const columns = ['Cluster', 'Health', 'Weight', 'Running', 'Pending', 'Queued', 'Free room', 'Submit rate', 'Queues'];
  fill(
    main,
    h('div', { class: 'title' }, h('h1', {}, 'Clusters')),
    status,
    h(
      'div',
      { class: 'scroll' },
      h(
        'table',
        { id: 'clusters' },
        h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c)))),
        body,
      ),
    ),
  );
  const limit = (value, max) => (max === undefined || max === null ? String(value) : `${value} / ${max}`);
  let stopped = false;
  let shown = null;
  let drawnAt = 0;
  async function load() {
    try {
      const answer = await api.json('GET', '/admin/clusters');
      if (stopped) {
        return;
      }
      // Redrawn when something changed, or to age the relative times.
      const seen = JSON.stringify(answer.clusters);
      if (seen === shown && Date.now() - drawnAt < 30000) {
        return;
      }
      shown = seen;
      drawnAt = Date.now();
      fill(
        body,
        answer.clusters.map((c) =>
          h(
            'tr',
            { 'data-id': c.id },
            h('th', { scope: 'row' }, c.id),
            h(
              'td',
              { class: 'health' },
              badge(c.health),
              c.healthReason ? h('div', { class: 'small' }, c.healthReason) : null,
              c.healthSince ? h('div', { class: 'muted small' }, 'since ', when(c.healthSince)) : null,
            ),
            h('td', {}, String(c.weight)),
            h('td', {}, limit(c.running, c.maxRunningApplications)),
            h('td', {}, limit(c.pending, c.maxPendingApplications)),
            h('td', {}, String(c.queued)),
            h('td', {}, c.freeRoom === undefined ? '–' : String(c.freeRoom)),
            h('td', {}, c.maxSubmitRate ? `${c.maxSubmitRate}/s` : '–'),
            h('td', {}, (c.queues || []).join(', ')),
          ),
        ),
      );
      const down = answer.clusters.filter((c) => c.health === 'DOWN').length;
      fill(
        status,
        `${answer.clusters.length} clusters, ${down} down; updated ${new Date().toLocaleTimeString()}`,
      );
    } catch (e) {
      if (!stopped) {
        fill(status, errorBox(e));
      }
    }
  }
  load();
  const timer = setInterval(() => !document.hidden && load(), REFRESH_MILLIS);
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
