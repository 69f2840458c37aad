/** The moderators' page script, part 2: the queue, one by one and in bulk, history, settings, keyboard. */
export const QUEUE_AND_SETTINGS = String.raw`
  // ---- the queue
  async function loadQueue(append) {
    var query = new URLSearchParams({ status: state.status, limit: '50' });
    if (state.postId) query.set('postId', state.postId);
    if (append && state.cursor) query.set('cursor', state.cursor);
    // Only the latest list asked for is shown: a slower earlier answer must not replace it.
    var ticket = ++state.loads;
    var table = document.querySelector('table.comments');
    table.setAttribute('aria-busy', 'true');
    var page;
    try {
      page = await api('GET', '/moderation/comments?' + query.toString());
    } finally {
      if (ticket === state.loads) table.setAttribute('aria-busy', 'false');
    }
    if (ticket !== state.loads) return;
    state.comments = append ? state.comments.concat(page.comments) : page.comments;
    state.cursor = page.nextCursor;
    if (!append) state.current = state.comments.length > 0 ? 0 : -1;
    renderRows();
  }

  function renderRows() {
    var rows = byId('rows');
    rows.textContent = '';
    state.comments.forEach(function (comment, index) { rows.appendChild(row(comment, index)); });
    byId('empty').hidden = state.comments.length > 0;
    byId('load-more').hidden = !state.cursor;
    byId('select-all').checked = false;
    highlight();
  }

  function row(comment, index) {
    var m = comment.moderation || {};
    var reasons = (m.reasons || []).length > 0 ? el('ul', { 'class': 'reasons' }, m.reasons.map(function (r) { return el('li', { text: r }); })) : null;
    var content = el('div', { 'class': 'content' });
    // Sanitised on submission; this page's CSP allows no inline script either.
    content.innerHTML = comment.content;
    var actions = el('div', { 'class': 'row-actions' }, (ACTIONS_FOR[comment.status] || []).map(function (action) {
      return el('button', { type: 'button', 'data-action': action, text: LABEL[action] });
    }).concat(
      comment.status === 'pending' || comment.status === 'approved' ? [el('button', { type: 'button', 'data-action': 'reply', text: 'Reply' })] : [],
      [el('button', { type: 'button', 'data-action': 'edit', text: 'Edit' }), el('button', { type: 'button', 'data-action': 'history', text: 'History' })]
    ));
    var by = m.decidedBy === 'rules' ? 'worker' : m.decidedBy === 'moderator' ? 'moderator' : 'nobody yet';
    var tr = el('tr', { 'data-id': comment.id, 'data-index': String(index), tabindex: '-1', 'class': 'status-' + comment.status }, [
      el('td', {}, [el('input', { type: 'checkbox', 'class': 'pick', 'aria-label': 'Select the comment by ' + comment.author })]),
      el('td', { 'class': 'author' }, [
        el('strong', { text: comment.author }),
        el('div', { 'class': 'email', text: comment.email || '(no email)' }),
        comment.url ? el('div', { 'class': 'url', text: comment.url }) : null,
        el('div', { 'class': 'ip', text: comment.ip ? 'IP ' + comment.ip : 'IP not kept' })
      ]),
      el('td', { 'class': 'comment' }, [
        el('div', { 'class': 'meta', text: 'Submitted ' + new Date(comment.createdAt).toLocaleString() + ' · ' + comment.status + ' · decided by ' + by }),
        content,
        reasons ? el('div', { 'class': 'why' }, [el('span', { text: 'Why: ' }), reasons]) : null,
        actions,
        el('div', { 'class': 'panel', hidden: true })
      ]),
      el('td', { 'class': 'post' }, [el('span', { text: comment.postId })])
    ]);
    return tr;
  }

  function rowOf(index) { return byId('rows').querySelector('tr[data-index="' + index + '"]'); }
  function highlight() {
    Array.prototype.forEach.call(byId('rows').querySelectorAll('tr'), function (tr) {
      var selected = Number(tr.getAttribute('data-index')) === state.current;
      tr.classList.toggle('current', selected);
      if (selected) tr.setAttribute('aria-current', 'true'); else tr.removeAttribute('aria-current');
    });
  }
  function move(step) {
    if (state.comments.length === 0) return;
    state.current = Math.max(0, Math.min(state.comments.length - 1, state.current + step));
    highlight();
    var tr = rowOf(state.current);
    if (tr) { tr.focus(); tr.scrollIntoView({ block: 'nearest' }); }
  }

  async function act(index, action) {
    var comment = state.comments[index];
    if (!comment) return;
    if (action === 'delete') {
      if (!confirm('Delete this comment permanently?')) return;
      await api('DELETE', '/moderation/comments/' + comment.id);
    } else {
      await api('POST', '/moderation/comments/' + comment.id + '/' + action);
    }
    notice(DONE[action] + ': the comment by ' + comment.author + '.');
    // It left this list: keep the cursor where it was.
    state.comments.splice(index, 1);
    state.current = Math.min(index, state.comments.length - 1);
    renderRows();
  }

  function panelOf(index) { var tr = rowOf(index); return tr && tr.querySelector('.panel'); }

  function openEditor(index) {
    var comment = state.comments[index];
    var panel = panelOf(index);
    if (!comment || !panel) return;
    var id = 'edit-' + comment.id;
    var form = el('form', { 'class': 'editor' }, [
      el('label', { 'for': id + '-author', text: 'Name' }), el('input', { id: id + '-author', name: 'author' }),
      el('label', { 'for': id + '-url', text: 'Website' }), el('input', { id: id + '-url', name: 'url' }),
      el('label', { 'for': id + '-content', text: 'Comment' }), el('textarea', { id: id + '-content', name: 'content', rows: '5' }),
      el('p', {}, [el('button', { type: 'submit', 'class': 'primary', text: 'Update comment' }), ' ', el('button', { type: 'button', 'class': 'cancel', text: 'Cancel' })])
    ]);
    form.elements.author.value = comment.author;
    form.elements.url.value = comment.url || '';
    form.elements.content.value = comment.content;
    form.addEventListener('submit', guarded(async function () {
      var answer = await api('PATCH', '/moderation/comments/' + comment.id, {
        author: form.elements.author.value, url: form.elements.url.value || null, content: form.elements.content.value
      });
      state.comments[index] = answer.comment;
      notice('Comment updated.');
      renderRows();
    }));
    showPanel(panel, form);
    form.elements.content.focus();
  }

  function openReply(index) {
    var comment = state.comments[index];
    var panel = panelOf(index);
    if (!comment || !panel) return;
    var id = 'reply-' + comment.id;
    var form = el('form', { 'class': 'editor' }, [
      el('label', { 'for': id, text: 'Reply to ' + comment.author }), el('textarea', { id: id, name: 'content', rows: '4' }),
      el('p', {}, [el('button', { type: 'submit', 'class': 'primary', text: comment.status === 'pending' ? 'Approve and reply' : 'Reply' }), ' ', el('button', { type: 'button', 'class': 'cancel', text: 'Cancel' })])
    ]);
    form.addEventListener('submit', guarded(async function () {
      await api('POST', '/moderation/comments/' + comment.id + '/reply', { content: form.elements.content.value });
      notice('Reply published.');
      await loadQueue(false);
    }));
    showPanel(panel, form);
    form.elements.content.focus();
  }

  async function openHistory(index) {
    var comment = state.comments[index];
    var panel = panelOf(index);
    if (!comment || !panel) return;
    var answer = await api('GET', '/moderation/comments/' + comment.id + '/history');
    var list = el('ol', { 'class': 'history', 'aria-label': 'History' }, answer.events.map(function (event) {
      var change = (event.from || 'new') + ' → ' + (event.to || 'deleted');
      return el('li', {}, [
        el('time', { datetime: event.at, text: new Date(event.at).toLocaleString() }), ' ',
        el('strong', { text: event.action }), ' by ' + event.actor + ' (' + change + ')',
        event.reasons && event.reasons.length > 0 ? el('span', { 'class': 'why', text: ' — ' + event.reasons.join(' ') }) : null
      ]);
    }));
    showPanel(panel, answer.events.length > 0 ? list : el('p', { text: 'No decision recorded yet.' }));
  }

  function showPanel(panel, content) {
    panel.textContent = '';
    panel.appendChild(content);
    panel.hidden = false;
    var cancel = panel.querySelector('.cancel');
    if (cancel) cancel.addEventListener('click', function () { panel.hidden = true; panel.textContent = ''; });
  }

  function checkedIds() {
    return Array.prototype.map.call(byId('rows').querySelectorAll('input.pick:checked'), function (box) { return box.closest('tr').getAttribute('data-id'); });
  }

  async function bulk() {
    var action = byId('bulk-action').value;
    var ids = checkedIds();
    if (!action) throw new Error('Choose a bulk action first.');
    if (ids.length === 0) throw new Error('Select at least one comment first.');
    if (action === 'delete' && !confirm('Delete ' + ids.length + ' comments permanently?')) return;
    var answer = await api('POST', '/moderation/batch', { action: action, ids: ids });
    var failed = answer.results.filter(function (r) { return !r.ok; });
    notice(DONE[action] + ': ' + (answer.results.length - failed.length) + ' of ' + answer.results.length + ' comments.');
    if (failed.length > 0) showError(failed.length + ' could not be changed: ' + failed.map(function (r) { return r.error.message; }).join(' '));
    await loadQueue(false);
  }

  // ---- settings
  async function loadSettings() {
    var answer = await api('GET', '/moderation/settings');
    var form = byId('settings-form');
    Object.keys(answer.settings).forEach(function (name) {
      var input = form.elements[name];
      if (!input) return;
      var value = answer.settings[name];
      if (input.type === 'checkbox') input.checked = value;
      else if (input.dataset.kind === 'lines') input.value = value.join('\n');
      else input.value = String(value);
    });
  }
  async function saveSettings() {
    var form = byId('settings-form');
    var update = {};
    Array.prototype.forEach.call(form.querySelectorAll('[name]'), function (input) {
      if (input.type === 'checkbox') update[input.name] = input.checked;
      else if (input.dataset.kind === 'lines') update[input.name] = input.value.split('\n');
      else update[input.name] = input.value.trim() === '' ? null : Number(input.value);
    });
    await api('PUT', '/moderation/settings', update);
    await loadSettings();
    notice('Settings saved. They apply to the next comment.');
  }

  // ---- keyboard: WordPress's comment shortcuts
  var KEYS = { a: 'approve', s: 'spam', t: 'trash', u: 'unapprove' };
  function onKey(event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    if (byId('queue').hidden) return;
    var key = event.key;
    var handled = true;
    if (key === 'j') move(1);
    else if (key === 'k') move(-1);
    else if (KEYS[key]) {
      var comment = state.comments[state.current];
      if (comment && (ACTIONS_FOR[comment.status] || []).indexOf(KEYS[key]) >= 0) guarded(function () { return act(state.current, KEYS[key]); })();
    } else if (key === 'r') openReply(state.current);
    else if (key === 'e') openEditor(state.current);
    else if (key === 'h') guarded(function () { return openHistory(state.current); })();
    else if (key === 'x') { var tr = rowOf(state.current); if (tr) { var box = tr.querySelector('input.pick'); box.checked = !box.checked; } }
    else handled = false;
    if (handled) event.preventDefault();
  }

  // ---- wiring
  function setStatus(status) {
    state.status = status;
    Array.prototype.forEach.call(document.querySelectorAll('.tabs [data-status]'), function (button) {
      button.setAttribute('aria-pressed', String(button.getAttribute('data-status') === status));
    });
    return loadQueue(false);
  }

  async function signedIn() {
    var who = claims(token() || '');
    byId('sign-in').hidden = true;
    byId('queue').hidden = false;
    byId('settings').hidden = false;
    byId('sign-out').hidden = false;
    byId('who').textContent = who ? 'Signed in as ' + (who.name || who.email || who['cognito:username'] || who.sub) : '';
    await Promise.all([loadQueue(false), loadSettings()]);
  }

  function wire() {
    document.querySelectorAll('.tabs [data-status]').forEach(function (button) {
      button.addEventListener('click', guarded(function () { return setStatus(button.getAttribute('data-status')); }));
    });
    byId('filter').addEventListener('submit', guarded(function () { state.postId = byId('post-filter').value.trim(); return loadQueue(false); }));
    byId('bulk').addEventListener('submit', guarded(bulk));
    byId('load-more').addEventListener('click', guarded(function () { return loadQueue(true); }));
    byId('select-all').addEventListener('change', function () {
      var on = byId('select-all').checked;
      byId('rows').querySelectorAll('input.pick').forEach(function (box) { box.checked = on; });
    });
    byId('rows').addEventListener('click', function (event) {
      var button = event.target.closest('button[data-action]');
      var tr = event.target.closest('tr[data-index]');
      if (!tr) return;
      state.current = Number(tr.getAttribute('data-index'));
      highlight();
      if (!button) return;
      var action = button.getAttribute('data-action');
      if (action === 'reply') openReply(state.current);
      else if (action === 'edit') openEditor(state.current);
      else if (action === 'history') guarded(function () { return openHistory(state.current); })();
      else guarded(function () { return act(state.current, action); })();
    });
    byId('settings-form').addEventListener('submit', guarded(saveSettings));
    byId('token-form').addEventListener('submit', guarded(function () {
      var pasted = byId('token-input').value.trim();
      if (!pasted) throw new Error('Paste a moderator token first.');
      sessionStorage.setItem(TOKEN_KEY, pasted);
      byId('token-input').value = '';
      return signedIn();
    }));
    var cognito = byId('sign-in-cognito');
    if (cognito) cognito.addEventListener('click', guarded(startCognitoSignIn));
    byId('sign-out').addEventListener('click', signOut);
    document.addEventListener('keydown', onKey);
  }

  async function start() {
    wire();
    takeTokenFromFragment();
    if (config.signIn === 'cognito') await finishCognitoSignIn().catch(reportFailure);
    if (token()) await signedIn().catch(reportFailure);
    else showSignIn();
  }
  start();
})();
`;
