// The customer page: the token travels in the URL fragment (never sent to a server or logged)
// and the page embeds <session-chat> full-window.
const params = new URLSearchParams(location.hash.slice(1));
const token = params.get('token');
const main = document.getElementById('join-main');
if (!token) {
  document.getElementById('join-status').textContent = 'This support link is incomplete. Ask your technician for a new one.';
} else {
  const chat = document.createElement('session-chat');
  chat.setAttribute('server', location.origin);
  chat.setAttribute('token', token);
  main.replaceChildren(chat);
}
