// The customer page: the token travels in the URL fragment (never sent to a server or logged)
// and the page embeds <session-chat> full-window.
const params = new URLSearchParams(location.hash.slice(1));
const token = params.get('token');
const lang = params.get('lang');
const main = document.getElementById('join-main');
if (!token) {
  document.getElementById('join-status').textContent = 'This support link is incomplete. Ask your technician for a new one.';
} else {
  const chat = document.createElement('session-chat');
  chat.setAttribute('server', location.origin);
  chat.setAttribute('token', token);
  // The customer's language, chosen in the console (en, de or ar).
  if (lang && /^[a-z]{2}$/.test(lang)) chat.setAttribute('lang', lang);
  // A technician who joined through a link can add people too: the relay mints their tokens
  // (POST /api/sessions/:id/invites) and the links lead here.
  chat.setAttribute('invite-url', `${location.origin}/join#token={token}`);
  main.replaceChildren(chat);
}
