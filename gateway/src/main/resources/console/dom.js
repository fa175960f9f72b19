// Building the page from data: text always goes in as text, never as markup.

/** An element: h('a', {href: '#/'}, 'text', child, ...). Attributes starting with "on" are listeners. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name.startsWith('on')) {
      element.addEventListener(name.slice(2), value);
    } else if (value === true) {
      element.setAttribute(name, '');
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) {
      continue;
    }
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces what an element holds. */
export function fill(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const absolute = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** A time as "5 minutes ago", with the local date and time as its title. */
export function when(millis) {
  if (millis === undefined || millis === null) {
    return h('span', { class: 'muted' }, '–');
  }
  const date = new Date(millis);
  return h('time', { datetime: date.toISOString(), title: absolute.format(date) }, ago(millis));
}

export function ago(millis) {
  const seconds = Math.round((millis - Date.now()) / 1000);
  const steps = [
    [60, 'second'],
    [60, 'minute'],
    [24, 'hour'],
    [Infinity, 'day'],
  ];
  let value = seconds;
  for (const [size, unit] of steps) {
    if (Math.abs(value) < size) {
      return relative.format(value, unit);
    }
    value = Math.round(value / size);
  }
  return relative.format(value, 'day');
}

export function localTime(millis) {
  return absolute.format(new Date(millis));
}

/** A duration in milliseconds as "1h 2m", "3m 4s" or "5s". */
export function duration(millis) {
  if (millis === undefined || millis === null) {
    return '–';
  }
  const seconds = Math.round(millis / 1000);
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  if (hours > 0) {
    return `${hours}h ${minutes}m`;
  }
  return minutes > 0 ? `${minutes}m ${seconds % 60}s` : `${seconds}s`;
}

/** A state as a coloured label (colour is never the only sign: the word is there). */
export function badge(state) {
  const kind = (state || 'UNKNOWN').toLowerCase().replace(/_/g, '-');
  return h('span', { class: `badge badge-${kind}` }, state || 'UNKNOWN');
}

export function errorBox(error) {
  const parts = [error.message];
  if (error.code) {
    parts.push(` (${error.code}${error.requestId ? `, request ${error.requestId}` : ''})`);
  }
  return h('p', { class: 'error', role: 'alert' }, ...parts);
}

const TERMINAL = new Set(['COMPLETED', 'FAILED', 'SUBMISSION_FAILED']);

export function ended(state) {
  return TERMINAL.has(state);
}
