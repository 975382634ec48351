// The debugger page: parse the pasted request, run the core's `explain` (the same wasm as
// production), and render its report. All DOM is built with textContent: pasted data is never
// interpreted as HTML.
import { parseCapture, CaptureError } from './capture.mjs';
import { loadEngine } from './engine.mjs';

const $ = (id) => document.getElementById(id);

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v === null || v === undefined) continue;
    if (k === 'class') el.className = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

const engine = await loadEngine();
const schemes = engine.schemes();
for (const select of [$('scheme'), $('sign-scheme')]) {
  for (const s of schemes) select.append(h('option', { value: s.id }, `${s.name} (${s.id})`));
}
$('sign-scheme').value = 'standard_webhooks';
window.__hookgateReady = true;

// Tabs (keyboard: arrows move between them).
const tabs = [$('tab-verify'), $('tab-sign')];
function selectTab(tab) {
  for (const t of tabs) {
    const on = t === tab;
    t.setAttribute('aria-selected', String(on));
    t.tabIndex = on ? 0 : -1;
    $(t.getAttribute('aria-controls')).hidden = !on;
  }
  tab.focus();
}
for (const t of tabs) {
  t.addEventListener('click', () => selectTab(t));
  t.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') selectTab(tabs[(tabs.indexOf(t) + 1) % tabs.length]);
  });
}

$('show-secrets').addEventListener('change', (e) => $('secrets').classList.toggle('shown', e.target.checked));

// Keep the URL field in step with the capture, unless the user typed one.
let urlTouched = false;
$('url').addEventListener('input', () => { urlTouched = true; });
$('capture').addEventListener('input', () => {
  try {
    const c = parseCapture($('capture').value);
    $('capture-status').textContent = `${c.format.toUpperCase()}: ${c.method} ${c.url ?? '(no URL)'} · ${c.headers.length} headers · body ${new TextEncoder().encode(c.body).length} bytes`;
    if (!urlTouched) $('url').value = c.url ?? '';
  } catch (e) {
    $('capture-status').textContent = $('capture').value.trim() ? String(e.message) : '';
  }
});

$('verify-form').addEventListener('submit', (e) => {
  e.preventDefault();
  runCheck();
});

function clockOptions() {
  const mode = document.querySelector('input[name="clock"]:checked').value;
  if (mode === 'now') return { now: new Date() };
  if (mode === 'at' && $('clock-at').value) return { now: new Date(Date.parse($('clock-at').value + 'Z')) };
  return {};
}

function runCheck() {
  const out = $('report');
  out.replaceChildren();
  let capture;
  try {
    capture = parseCapture($('capture').value);
  } catch (e) {
    out.append(h('p', { class: 'error-box' }, e instanceof CaptureError ? e.message : String(e)));
    return;
  }
  const secrets = $('secrets').value.split('\n').filter((s) => s !== '');
  const options = { ...clockOptions() };
  if ($('scheme').value) options.scheme = $('scheme').value;
  if ($('tolerance').value !== '') options.tolerance = Number($('tolerance').value);
  const request = {
    headers: capture.headers,
    body: capture.bodyBytes ?? capture.body,
    url: $('url').value || capture.url || undefined,
    method: capture.method,
  };
  let report;
  try {
    report = engine.explain(request, secrets, options);
  } catch (e) {
    out.append(h('p', { class: 'error-box' }, `${e.code ? e.code + ': ' : ''}${e.message}`));
    return;
  }
  out.append(...renderReport(report));
}

function renderReport(r) {
  const nodes = [];
  const kind = r.valid ? 'valid' : r.error ? 'invalid' : 'incomplete';
  nodes.push(h('div', { class: `verdict ${kind}`, id: 'verdict', 'data-verdict': kind }, r.valid ? '✔ ' : '✘ ', r.message));

  if (r.causes.length) {
    nodes.push(h('h2', {}, r.valid ? 'Notes' : 'Likely causes'));
    nodes.push(h('ol', { class: 'causes', id: 'causes' }, r.causes.map((c) =>
      h('li', { class: c.verifies ? 'verifies' : '', 'data-code': c.code },
        h('strong', {}, c.title), c.verifies ? h('span', { class: 'badge' }, 'this fix makes it verify') : null,
        h('p', {}, c.detail), h('p', { class: 'fix' }, 'Fix: ', c.fix)))));
  }

  if (r.scheme) {
    nodes.push(h('h2', {}, 'Scheme'));
    nodes.push(h('dl', { class: 'kv', id: 'scheme-report' },
      h('dt', {}, 'scheme'), h('dd', {}, `${r.scheme.name} (${r.scheme.id})`),
      h('dt', {}, 'why'), h('dd', {}, r.scheme.detected ? `detected from ${r.scheme.evidence.join(', ') || 'the request'}` : 'chosen'),
      r.alternatives.length ? [h('dt', {}, 'also present'), h('dd', {}, r.alternatives.map((a) => a.id).join(', '))] : null,
      r.keyIndex !== null && r.keyIndex !== undefined ? [h('dt', {}, 'matched secret'), h('dd', { id: 'matched-key' }, `#${r.keyIndex + 1}`)] : null,
      r.dedupeKey ? [h('dt', {}, 'dedupe key'), h('dd', {}, r.dedupeKey)] : null,
      ...r.secrets.filter((s) => s.error).map((s) => [h('dt', {}, `secret #${s.index + 1}`), h('dd', { class: 'no' }, `${s.error.code}`)])));
  }

  if (r.timestamp) {
    const t = r.timestamp;
    const tol = (v) => (v === null || v === undefined ? 'unlimited' : `${v} s`);
    const age = t.ageS === null || t.ageS === undefined ? 'not judged (clock skew ignored)'
      : t.ageS >= 0 ? `${t.ageS} s in the past` : `${-t.ageS} s in the future`;
    nodes.push(h('h2', {}, 'Timestamp'));
    nodes.push(h('dl', { class: 'kv', id: 'timestamp-report' },
      h('dt', {}, 'received'), h('dd', {}, `${t.raw} (${t.unit})${t.iso ? ' = ' + t.iso : ''}`),
      h('dt', {}, 'age'), h('dd', { id: 'timestamp-age' }, age),
      h('dt', {}, 'tolerance'), h('dd', {}, `past ${tol(t.pastToleranceS)}, future ${tol(t.futureToleranceS)}`),
      h('dt', {}, 'within'), h('dd', { class: t.withinTolerance ? 'yes' : 'no' }, t.withinTolerance ? 'yes' : 'no')));
  }

  if (r.received.length || r.expected.length) {
    nodes.push(h('h2', {}, 'Signatures'));
    nodes.push(h('table', { class: 'sigs', id: 'signatures' },
      h('thead', {}, h('tr', {}, h('th', {}, ''), h('th', {}, 'tag'), h('th', {}, 'value'), h('th', {}, 'status'))),
      h('tbody', {},
        r.received.map((s) => h('tr', {}, h('td', {}, 'received'), h('td', {}, s.tag ?? ''), h('td', { class: 'mono' }, s.value),
          h('td', { class: s.matchedKey !== null && s.matchedKey !== undefined ? 'yes' : 'no' },
            !s.supported ? 'ignored (other version)' : !s.wellFormed ? 'malformed' : s.matchedKey !== null && s.matchedKey !== undefined ? `matches secret #${s.matchedKey + 1}` : 'no match'))),
        r.expected.map((s) => h('tr', {}, h('td', {}, `expected (secret #${s.keyIndex + 1})`), h('td', {}, s.tag ?? ''), h('td', { class: 'mono' }, s.value), h('td', {}, ''))))));
  }

  if (r.signedContent) {
    const c = r.signedContent;
    nodes.push(h('h2', {}, 'Signed content ', h('small', {}, `${c.template} · ${c.length} bytes${c.truncated ? ' (display truncated)' : ''}`)));
    nodes.push(h('pre', { class: 'content', id: 'signed-content' }, c.parts.map((p) =>
      h('span', { class: `part-${p.part}`, title: p.part }, p.segments.map(renderSegment)))));
  }
  return nodes;
}

function renderSegment(s) {
  switch (s.kind) {
    case 'text': return s.text;
    // ASCII escapes, not control pictures: they render in every font.
    case 'cr': return h('span', { class: 'inv', title: 'carriage return (CR)' }, '\\r');
    case 'lf': return [h('span', { class: 'inv', title: 'line feed (LF)' }, '\\n'), '\n'];
    case 'tab': return h('span', { class: 'inv', title: 'tab' }, '\\t');
    case 'bom': return h('span', { class: 'inv', title: 'byte-order mark U+FEFF' }, 'BOM');
    case 'control': return h('span', { class: 'inv', title: 'control character' }, `\\x${s.hex}`);
    case 'nonAscii': return h('span', { class: 'nonascii', title: `non-ASCII: UTF-8 ${s.hex}` }, s.text);
    case 'invalid': return h('span', { class: 'inv', title: 'bytes that are not UTF-8' }, `⟨${s.hex}⟩`);
    default: return '';
  }
}

// Sign mode: a valid signed request and the curl command that sends it.
$('sign-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const out = $('signed');
  out.replaceChildren();
  const ts = $('sign-ts').value === '' ? Math.floor(Date.now() / 1000) : Number($('sign-ts').value);
  const url = $('sign-url').value;
  const body = $('sign-body').value;
  let signed;
  try {
    signed = engine.sign({
      scheme: $('sign-scheme').value,
      secret: $('sign-secret').value,
      body,
      id: $('sign-id').value || `msg_${crypto.randomUUID().replaceAll('-', '').slice(0, 24)}`,
      timestamp: ts,
      url,
      method: 'POST',
    });
  } catch (err) {
    out.append(h('p', { class: 'error-box' }, `${err.code ? err.code + ': ' : ''}${err.message}`));
    return;
  }
  const finalBody = signed.bodyFields?.length
    ? signed.bodyFields.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')
    : body;
  const quote = (s) => `'${s.replaceAll("'", `'\\''`)}'`;
  const contentType = signed.bodyFields?.length ? 'application/x-www-form-urlencoded' : 'application/json';
  const curl = ['curl -sS -X POST ' + quote(url),
    `  -H ${quote('content-type: ' + contentType)}`,
    ...signed.headers.map(([k, v]) => `  -H ${quote(`${k}: ${v}`)}`),
    `  --data-binary ${quote(finalBody)}`].join(' \\\n');
  out.append(
    h('h2', {}, 'Headers'),
    h('dl', { class: 'kv' }, signed.headers.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
    h('h2', {}, 'curl ', h('button', { class: 'copy', type: 'button', onclick: () => navigator.clipboard?.writeText(curl) }, 'copy')),
    h('pre', { class: 'content', id: 'curl' }, curl));
});
