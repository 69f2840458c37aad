/**
 * The moderators' page script, part 1: sign-in (printed link, pasted token, Cognito
 * PKCE) and the API client. Plain ES2020 served as a file (`/moderate.js`), so the
 * page runs under a CSP with no inline script. Parts are joined in ./moderator-script.ts.
 */
export const SIGN_IN_AND_API = String.raw`
(function () {
  'use strict';
  var root = document.getElementById('moderate');
  var config = { signIn: root.dataset.signIn, loginDomain: root.dataset.loginDomain, clientId: root.dataset.clientId };
  var TOKEN_KEY = 'moderator-token';
  var PKCE_KEY = 'moderator-sign-in';
  var LABEL = { approve: 'Approve', unapprove: 'Unapprove', spam: 'Spam', trash: 'Trash', restore: 'Restore', 'delete': 'Delete permanently' };
  var DONE = { approve: 'Approved', unapprove: 'Unapproved', spam: 'Marked as spam', trash: 'Moved to the trash', restore: 'Restored', 'delete': 'Deleted' };
  var ACTIONS_FOR = {
    pending: ['approve', 'spam', 'trash'],
    approved: ['unapprove', 'spam', 'trash'],
    spam: ['restore', 'trash', 'delete'],
    trash: ['restore', 'delete']
  };
  var state = { status: 'pending', postId: '', comments: [], cursor: null, current: -1, loads: 0 };

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === 'text') node.textContent = attrs[name];
      else if (name === 'hidden') node.hidden = attrs[name];
      else node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child); });
    return node;
  }
  function byId(id) { return document.getElementById(id); }

  // ---- messages: errors are shown, never swallowed
  function showError(message) {
    var alert = byId('alert');
    alert.textContent = message;
    alert.hidden = false;
  }
  function clearError() { byId('alert').hidden = true; byId('alert').textContent = ''; }
  function notice(message) { byId('notice').textContent = message; }

  // ---- signing in
  function token() { return sessionStorage.getItem(TOKEN_KEY); }
  function claims(jwt) {
    try {
      var bytes = Uint8Array.from(atob(jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')), function (c) { return c.charCodeAt(0); });
      return JSON.parse(new TextDecoder().decode(bytes));
    } catch (e) { return null; }
  }
  function b64url(bytes) {
    var s = ''; bytes.forEach(function (b) { s += String.fromCharCode(b); });
    return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }
  function redirectUri() { return location.origin + location.pathname; }

  /** Locally: the printed link carries the token in the fragment, which never reaches a server. */
  function takeTokenFromFragment() {
    var params = new URLSearchParams(location.hash.slice(1));
    var fromLink = params.get('token');
    if (fromLink) sessionStorage.setItem(TOKEN_KEY, fromLink);
    if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  }

  /** On AWS: Cognito's managed login, authorization code with PKCE. */
  async function startCognitoSignIn() {
    var verifier = b64url(crypto.getRandomValues(new Uint8Array(32)));
    var challenge = b64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
    var nonce = b64url(crypto.getRandomValues(new Uint8Array(16)));
    sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier: verifier, state: nonce }));
    var url = new URL('/oauth2/authorize', config.loginDomain);
    url.search = new URLSearchParams({
      response_type: 'code', client_id: config.clientId, redirect_uri: redirectUri(), scope: 'openid email profile',
      state: nonce, code_challenge: challenge, code_challenge_method: 'S256'
    }).toString();
    location.assign(url.href);
  }

  async function finishCognitoSignIn() {
    var query = new URLSearchParams(location.search);
    if (!query.has('code') && !query.has('error')) return;
    history.replaceState(null, '', location.pathname);
    var saved = JSON.parse(sessionStorage.getItem(PKCE_KEY) || 'null');
    sessionStorage.removeItem(PKCE_KEY);
    if (query.has('error')) return showError('Sign-in failed: ' + (query.get('error_description') || query.get('error')));
    if (!saved || saved.state !== query.get('state')) return showError('Sign-in failed: this answer does not belong to a sign-in started here. Please sign in again.');
    var response = await fetch(new URL('/oauth2/token', config.loginDomain).href, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', client_id: config.clientId, code: query.get('code'), redirect_uri: redirectUri(), code_verifier: saved.verifier }).toString()
    });
    if (!response.ok) return showError('Sign-in failed (' + response.status + '). Please sign in again.');
    var tokens = await response.json();
    sessionStorage.setItem(TOKEN_KEY, tokens.id_token);
  }

  function showSignIn(message) {
    byId('sign-in').hidden = false;
    byId('queue').hidden = true;
    byId('settings').hidden = true;
    byId('sign-out').hidden = true;
    byId('who').textContent = '';
    if (message) showError(message);
  }

  function signOut() {
    sessionStorage.removeItem(TOKEN_KEY);
    if (config.signIn === 'cognito') {
      var url = new URL('/logout', config.loginDomain);
      url.search = new URLSearchParams({ client_id: config.clientId, logout_uri: redirectUri() }).toString();
      location.assign(url.href);
    } else {
      showSignIn();
      notice('Signed out.');
    }
  }

  // ---- the API: the moderator routes with the bearer token; a 401 asks to sign in again
  function SignedOut() {}
  async function api(method, path, body) {
    var headers = { authorization: 'Bearer ' + token() };
    if (body !== undefined) headers['content-type'] = 'application/json';
    var response;
    try {
      response = await fetch(path, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (e) {
      throw new Error('The server could not be reached. Check your connection and try again.');
    }
    if (response.status === 401) {
      sessionStorage.removeItem(TOKEN_KEY);
      showSignIn('Your sign-in has expired or is not valid. Please sign in again.');
      throw new SignedOut();
    }
    if (response.status === 204) return null;
    var data = await response.json().catch(function () { return null; });
    if (!response.ok) {
      var error = new Error((data && data.error && data.error.message) || ('The server answered ' + response.status + '.'));
      error.fields = data && data.error && data.error.fields;
      throw error;
    }
    return data;
  }
  function reportFailure(error) {
    if (error instanceof SignedOut) return;
    var fields = error.fields ? Object.keys(error.fields).map(function (f) { return f + ': ' + error.fields[f]; }).join(' ') : '';
    showError(error.message + (fields ? ' ' + fields : ''));
  }
  function guarded(run) {
    return function (event) {
      if (event && event.preventDefault) event.preventDefault();
      clearError();
      return Promise.resolve().then(run.bind(this, event)).catch(reportFailure);
    };
  }

`;
