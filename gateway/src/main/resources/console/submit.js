// Submit: paste or open a JSON or YAML request, see what a dry run says, then submit it.
import * as api from './api.js';
import { errorBox, fill, h } from './dom.js';

const EXAMPLE = `{
  "applicationName": "spark-pi",
  "queue": "dev",
  "sparkVersion": "3.5.0",
  "mainApplicationFile": "local:///usr/lib/spark/examples/jars/spark-examples.jar",
  "mainClass": "org.apache.spark.examples.SparkPi",
  "arguments": ["1000"],
  "driver": {"cores": 1, "memory": "2g"},
  "executor": {"instances": 2, "cores": 1, "memory": "2g"}
}`;

function contentType(text) {
  return /^\s*[{[]/.test(text) ? 'application/json' : 'application/yaml';
}

export function submitPage(main) {
  const request = h('textarea', {
    id: 'request',
    rows: 18,
    spellcheck: 'false',
    class: 'code',
    'aria-describedby': 'request-help',
  });
  request.value = EXAMPLE;
  const file = h('input', { type: 'file', id: 'request-file', accept: '.json,.yaml,.yml' });
  const result = h('div', { id: 'submit-result', 'aria-live': 'polite' });
  const dryRun = h('button', { type: 'button', id: 'dry-run' }, 'Dry run');
  const submit = h('button', { type: 'submit', id: 'submit-button', class: 'primary' }, 'Submit');
  // One key per request text: submitting the same text twice (a double click) makes one submission.
  let key = crypto.randomUUID();
  request.addEventListener('input', () => {
    key = crypto.randomUUID();
  });
  file.addEventListener('change', async () => {
    if (file.files.length) {
      request.value = await file.files[0].text();
      key = crypto.randomUUID();
    }
  });

  async function send(dry) {
    const headers = { 'Content-Type': contentType(request.value) };
    if (!dry) {
      headers['Idempotency-Key'] = key;
    }
    return api.json('POST', dry ? '/spark?dryRun=true' : '/spark', { headers, body: request.value });
  }

  dryRun.addEventListener('click', async () => {
    dryRun.disabled = true;
    try {
      showDryRun(result, await send(true));
      result.scrollIntoView({ block: 'start' });
    } catch (e) {
      fill(result, errorBox(e));
    } finally {
      dryRun.disabled = false;
    }
  });

  fill(
    main,
    h('h1', {}, 'Submit'),
    h(
      'form',
      {
        id: 'submit-form',
        onsubmit: async (event) => {
          event.preventDefault();
          submit.disabled = true;
          try {
            const answer = await send(false);
            location.hash = `#/submissions/${encodeURIComponent(answer.submissionId)}`;
          } catch (e) {
            fill(result, errorBox(e));
            submit.disabled = false;
          }
        },
      },
      h('label', { for: 'request' }, 'Request (JSON or YAML)'),
      h('p', { class: 'muted small', id: 'request-help' }, 'The body of POST /spark, as the API takes it: the queue, the Spark version and all.'),
      request,
      h('div', { class: 'row' }, h('label', { for: 'request-file' }, 'Or open a file '), file),
      h('div', { class: 'buttons' }, dryRun, submit),
    ),
    result,
  );
  return () => {};
}

function showDryRun(result, d) {
  const fact = (term, value) => [h('dt', {}, term), h('dd', {}, value)];
  const excluded = Object.entries(d.excludedClusters || {}).map(([id, why]) => `${id}: ${why}`);
  fill(
    result,
    h('h2', {}, 'Dry run'),
    h(
      'dl',
      { class: 'facts', id: 'dry-run-result' },
      fact('Owner', d.owner),
      fact('Queue', d.queue),
      fact('Cluster', d.clusterId || '–'),
      fact('Why', d.routing || '–'),
      fact('Eligible', (d.eligibleClusters || []).join(', ') || '–'),
      excluded.length ? fact('Excluded', excluded.join('; ')) : [],
      fact('Would wait', d.wouldBeQueued ? `yes: ${d.queuedBecause}` : 'no'),
    ),
    h('details', {}, h('summary', {}, 'SparkApplication it would create'), h('pre', { class: 'text' }, JSON.stringify(d.sparkApplication, null, 2))),
  );
}
