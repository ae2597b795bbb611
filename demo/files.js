// The organisation's files portal of the demo: lists session transcripts through the relay's
// API with a staff token from the demo backend (a real host would use its own login), and
// downloads them with the token in a header, never in a URL.
const status = document.getElementById('files-status');
const table = document.getElementById('transcripts');
const body = table.querySelector('tbody');
const more = document.getElementById('more');
let token = '';
let cursor = null;

const when = (iso) => (iso ? new Date(iso).toLocaleString() : '—');

async function staffToken() {
  const response = await fetch('/demo/api/staff-token', { method: 'POST' });
  if (!response.ok) throw new Error('no staff token');
  return (await response.json()).token;
}

function cell(text) {
  const td = document.createElement('td');
  td.textContent = text;
  return td;
}

async function download(url, name, event) {
  event.preventDefault();
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) {
    status.textContent = `Could not download ${name} (${response.status}).`;
    return;
  }
  const blobUrl = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = blobUrl;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(blobUrl), 10_000);
}

function row(item) {
  const tr = document.createElement('tr');
  tr.append(
    cell(item.sessionId),
    cell(item.participants.map((p) => `${p.name} (${p.role})`).join(', ')),
    cell(when(item.startedAt)),
    cell(`${when(item.endedAt)}${item.endedBy ? ` by ${item.endedBy.name}` : ''}`),
  );
  const links = document.createElement('td');
  for (const format of ['txt', 'json', 'html']) {
    const a = document.createElement('a');
    a.href = item.urls[format];
    a.textContent = format.toUpperCase();
    a.setAttribute('aria-label', `Download ${format.toUpperCase()} transcript of session ${item.sessionId}`);
    a.addEventListener('click', (event) => download(item.urls[format], `transcript-${item.sessionId}.${format}`, event));
    links.append(a, ' ');
  }
  tr.append(links);
  return tr;
}

async function load(reset) {
  const params = new URLSearchParams({ limit: '20' });
  const from = document.getElementById('from').value;
  const to = document.getElementById('to').value;
  if (from) params.set('from', new Date(`${from}T00:00:00`).toISOString());
  if (to) params.set('to', new Date(`${to}T23:59:59.999`).toISOString());
  if (!reset && cursor) params.set('cursor', cursor);
  const response = await fetch(`/api/transcripts?${params}`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) {
    status.textContent = `Could not load the transcripts (${response.status}).`;
    return;
  }
  const page = await response.json();
  if (reset) body.replaceChildren();
  for (const item of page.items) body.append(row(item));
  cursor = page.next;
  more.hidden = !cursor;
  table.hidden = body.children.length === 0;
  status.textContent = body.children.length === 0 ? 'No transcripts yet: they appear here when a session ends.' : `${body.children.length} transcript(s).`;
}

document.getElementById('filter').addEventListener('submit', (event) => {
  event.preventDefault();
  void load(true);
});
more.addEventListener('click', () => void load(false));

staffToken()
  .then((t) => {
    token = t;
    return load(true);
  })
  .catch(() => {
    status.textContent = 'Could not open the organisation files.';
  });
