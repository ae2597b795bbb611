// The mock host console: asks the demo backend for a session, embeds <session-chat> for the
// technician and shows the customer link.
const form = document.getElementById('start-form');
const linkBox = document.getElementById('link-box');
const linkField = document.getElementById('customer-link');
const copyStatus = document.getElementById('copy-status');
const chatArea = document.querySelector('.console-chat');
const sessionStatus = document.getElementById('session-status');

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const response = await fetch('/demo/api/sessions', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      technicianName: document.getElementById('technician-name').value,
      customerName: document.getElementById('customer-name').value,
      customerRef: document.getElementById('customer-ref').value,
      technicianLang: document.getElementById('technician-lang').value,
      customerLang: document.getElementById('customer-lang').value,
    }),
  });
  if (!response.ok) {
    copyStatus.textContent = 'Could not start a session.';
    return;
  }
  const session = await response.json();
  linkField.value = new URL(session.customerPath, location.origin).toString();
  linkBox.hidden = false;
  const chat = document.createElement('session-chat');
  chat.setAttribute('server', location.origin);
  chat.setAttribute('token', session.technicianToken);
  // German or Arabic: the element loads that language's strings (and lays Arabic out right to left).
  chat.setAttribute('lang', session.technicianLang);
  sessionStatus.replaceChildren();
  // The relay writes the transcript when the session ends; the organisation finds it under Files.
  chat.addEventListener('session-ended', (e) => {
    sessionStatus.textContent = `Session ended by ${e.detail.by.name}. Saving the transcript…`;
  });
  chat.addEventListener('transcript-ready', () => {
    const files = document.createElement('a');
    files.href = '/files';
    files.textContent = 'Files';
    sessionStatus.replaceChildren('The transcript of this session is saved in ', files, '.');
  });
  // "Add participant": this page's backend mints the new participant's link, as it did the customer's.
  chat.addEventListener('invite-request', (e) => {
    e.detail.respondWith(
      fetch('/demo/api/invites', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${session.technicianToken}` },
        body: JSON.stringify({ role: e.detail.role, name: e.detail.name }),
      }).then(async (response) => {
        const body = await response.json();
        if (!response.ok) throw new Error(body.message ?? 'The link could not be made.');
        return new URL(body.path, location.origin).toString();
      }),
    );
  });
  chatArea.replaceChildren(chat);
});

document.getElementById('copy-link').addEventListener('click', async () => {
  try {
    await navigator.clipboard.writeText(linkField.value);
    copyStatus.textContent = 'Link copied.';
  } catch {
    linkField.select();
    copyStatus.textContent = 'Select the link and copy it.';
  }
});
