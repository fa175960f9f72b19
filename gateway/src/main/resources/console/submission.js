// One submission: status, timeline, attempts, the log (following while the pod runs), events,
// the spec as created, and a kill button that asks first.
import * as api from './api.js';
import { badge, duration, ended, errorBox, fill, h, localTime, when } from './dom.js';

const STATUS_MILLIS = 3000;
const LOG_RETRY_MILLIS = 2000;
const MAX_LOG_CHARS = 1 << 20;

export function submissionPage(main, id, params) {
  const path = encodeURIComponent(id);
  let stopped = false;
  let state = null;
  const heading = h('div', { class: 'title' }, h('h1', { class: 'id' }, id));
  const summary = h('dl', { class: 'facts', id: 'summary' });
  const problem = h('div', { 'aria-live': 'polite' });
  const timeline = h('tbody', { id: 'timeline' });
  const attempts = h('tbody', { id: 'attempts' });
  const routing = h('p', { id: 'routing' });
  const events = h('pre', { id: 'events', class: 'text' });
  const spec = h('pre', { id: 'spec', class: 'text' });
  const log = h('pre', { id: 'log', class: 'log', tabindex: 0, 'aria-label': 'Log' });
  const logState = h('span', { class: 'muted', id: 'log-state', 'aria-live': 'polite' });
  const source = h('select', { id: 'log-source', 'aria-label': 'Whose log' }, h('option', { value: '' }, 'Driver'));
  const kill = h('button', { type: 'button', id: 'kill', class: 'danger', hidden: true }, 'Kill…');
  const dialog = h(
    'dialog',
    { id: 'kill-dialog', 'aria-labelledby': 'kill-title' },
    h('h2', { id: 'kill-title' }, 'Kill this submission?'),
    h('p', {}, `${id}: its SparkApplication is deleted and it ends FAILED. This cannot be undone.`),
    h(
      'form',
      { method: 'dialog', class: 'buttons' },
      h('button', { value: 'cancel', id: 'kill-cancel', autofocus: true }, 'Cancel'),
      h('button', { value: 'kill', id: 'kill-confirm', class: 'danger' }, 'Kill'),
    ),
  );
  const table = (body, ...columns) =>
    h(
      'div',
      { class: 'scroll' },
      h('table', {}, h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c)))), body),
    );
  heading.append(kill);
  fill(
    main,
    h('p', {}, h('a', { href: '#/submissions' }, '← Submissions')),
    heading,
    problem,
    summary,
    h('h2', {}, 'Log'),
    h('div', { class: 'log-bar' }, h('label', { for: 'log-source' }, 'Showing '), source, logState),
    log,
    h('h2', {}, 'Timeline'),
    table(timeline, 'Time', 'State', 'Seen by', 'Message'),
    h('h2', {}, 'Routing and create attempts'),
    routing,
    table(attempts, '#', 'Cluster', 'Time', 'Outcome', 'Why'),
    h('h2', {}, 'Events'),
    events,
    h('details', {}, h('summary', {}, 'Spec as created'), spec),
    dialog,
  );

  kill.addEventListener('click', () => {
    // Esc keeps the last returnValue: a cancel must not find an earlier 'kill' there.
    dialog.returnValue = '';
    dialog.showModal();
  });
  dialog.addEventListener('close', async () => {
    if (dialog.returnValue !== 'kill') {
      return;
    }
    kill.disabled = true;
    try {
      await api.json('DELETE', `/spark/${path}`);
      fill(problem, h('p', { class: 'notice', role: 'status' }, 'Killed: the submission ends FAILED.'));
      await refresh();
    } catch (e) {
      fill(problem, errorBox(e));
      kill.disabled = false;
    }
  });

  async function refresh() {
    const status = await api.json('GET', `/spark/${path}/status`);
    const before = state;
    state = status.applicationState;
    showSummary(summary, status);
    kill.hidden = ended(state);
    if (before !== state) {
      await Promise.all([history(), describe()]);
    }
  }

  async function history() {
    const answer = await api.json('GET', `/spark/${path}/history`);
    fill(routing, answer.routingReason ? `Why this cluster: ${answer.routingReason}` : 'Not routed yet.');
    fill(
      timeline,
      answer.transitions.map((t) =>
        h(
          'tr',
          {},
          h('td', {}, localTime(t.time), h('div', { class: 'muted small' }, when(t.time))),
          h('td', {}, badge(t.state)),
          h('td', {}, t.source || ''),
          h('td', {}, t.message || ''),
        ),
      ),
    );
    fill(
      attempts,
      answer.attempts.length
        ? answer.attempts.map((a) =>
            h(
              'tr',
              {},
              h('td', {}, String(a.sequence)),
              h('td', {}, a.cluster),
              h('td', {}, when(a.time)),
              h('td', {}, a.outcome),
              h('td', {}, a.message || ''),
            ),
          )
        : h('tr', {}, h('td', { colspan: 5, class: 'muted' }, 'None yet (queued).')),
    );
  }

  async function describe() {
    try {
      const answer = await fetchText(`/spark/${path}/describe`);
      const at = answer.indexOf('--- Spark Application Events ---');
      fill(events, at >= 0 ? answer.slice(at) : '(no events)');
    } catch (e) {
      fill(events, `(events unavailable: ${e.message})`);
    }
  }

  async function fetchText(relative) {
    let text = '';
    await api.stream(relative, (piece) => {
      text += piece;
    });
    return text;
  }

  // The log: followed while the submission runs, read once after it ended.
  let reading = null;
  async function follow() {
    if (reading) {
      reading.abort();
    }
    const controller = new AbortController();
    reading = controller;
    log.textContent = '';
    const exec = source.value;
    while (!stopped && !controller.signal.aborted) {
      const live = !ended(state);
      logState.textContent = live ? 'following…' : '';
      const q = new URLSearchParams({ subId: id, follow: String(live) });
      if (exec) {
        q.set('execId', exec);
      }
      try {
        log.textContent = '';
        await api.stream(
          `/log?${q}`,
          (piece) => {
            // A piece of a stream given up on (another executor chosen) is not this log's.
            if (reading === controller) {
              append(piece);
            }
          },
          { signal: controller.signal },
        );
        if (live) {
          // The pod's log ended: the submission probably has too.
          await refresh().catch(() => {});
        }
        if (ended(state)) {
          logState.textContent = 'end of log';
          return;
        }
      } catch (e) {
        if (controller.signal.aborted) {
          return;
        }
        if (ended(state)) {
          logState.textContent = e.message;
          return;
        }
        logState.textContent = `${e.message}; trying again…`;
        if (e.status === 429) {
          // Too many logs followed at once: wait as long as the gateway says.
          await new Promise((resolve) => setTimeout(resolve, Math.max(1, e.retryAfter) * 1000));
        }
      }
      await new Promise((resolve) => setTimeout(resolve, LOG_RETRY_MILLIS));
    }
  }

  function append(piece) {
    const atBottom = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
    let text = log.textContent + piece;
    if (text.length > MAX_LOG_CHARS) {
      text = text.slice(text.length - MAX_LOG_CHARS);
    }
    log.textContent = text;
    if (atBottom) {
      log.scrollTop = log.scrollHeight;
    }
  }

  source.addEventListener('change', () => follow());

  (async () => {
    try {
      await refresh();
      const specJson = await api.json('GET', `/spark/${path}/spec`);
      fill(spec, JSON.stringify(specJson, null, 2));
      const executors = (specJson.executor && specJson.executor.instances) || 0;
      for (let n = 1; n <= executors; n++) {
        source.append(h('option', { value: String(n) }, `Executor ${n}`));
      }
      if (params.get('exec')) {
        source.value = params.get('exec');
      }
      follow();
    } catch (e) {
      fill(problem, errorBox(e));
      return;
    }
    while (!stopped && !ended(state)) {
      await new Promise((resolve) => setTimeout(resolve, STATUS_MILLIS));
      if (stopped) {
        return;
      }
      try {
        await refresh();
      } catch (e) {
        fill(problem, errorBox(e));
      }
    }
  })();

  return () => {
    stopped = true;
    if (reading) {
      reading.abort();
    }
  };
}

function showSummary(summary, s) {
  const fact = (term, ...value) => [h('dt', {}, term), h('dd', {}, ...value)];
  // Only web addresses become links: never a javascript: or data: one.
  const link = (url, text) =>
    url && /^https?:\/\//i.test(url)
      ? h('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, text)
      : null;
  fill(
    summary,
    fact('State', h('span', { id: 'state' }, badge(s.applicationState))),
    fact('Spark application', s.sparkApplicationId || '–'),
    fact('Created', when(s.creationTime)),
    fact('Ran for', duration(s.duration)),
    s.terminationTime ? fact('Ended', when(s.terminationTime)) : [],
    s.executionAttempts ? fact('Attempts', String(s.executionAttempts)) : [],
    s.applicationErrorMessage ? fact('Error', h('span', { class: 'error-text' }, s.applicationErrorMessage)) : [],
    s.sparkUIUrl || s.historyServerUrl
      ? fact('Spark UI', link(s.sparkUIUrl, 'live'), s.sparkUIUrl && s.historyServerUrl ? ' · ' : '', link(s.historyServerUrl, 'History Server'))
      : [],
  );
}
