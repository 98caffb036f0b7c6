// tailtalos monitor page: plain DOM, no libraries. Everything shown comes from /api/v1.
(function () {
  'use strict';
  // The API takes a bearer token (the read token, or the write token for probes); it stays in this tab only.
  const TOKEN_KEY = 'tailtalos-monitor-token';
  const authHeaders = (extra) => {
    const token = sessionStorage.getItem(TOKEN_KEY);
    return Object.assign(token ? {'Authorization': 'Bearer ' + token} : {}, extra || {});
  };
  const call = (path, options) => fetch('api/v1/' + path, Object.assign({}, options, {headers: authHeaders((options || {}).headers)}));
  const api = (path) => call(path, {headers: {'Accept': 'application/json'}}).then(async (r) => {
    if (r.status === 401) {
      document.getElementById('token-state').textContent = 'enter the monitor\'s read token (its file is printed by the demo)';
    }
    const body = await r.json();
    if (!r.ok) { throw new Error(body.error || r.statusText); }
    return body;
  });

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (k === 'class') { e.className = v; } else if (k.startsWith('data-')) { e.setAttribute(k, v); } else { e[k] = v; }
    });
    children.flat().forEach((c) => e.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : String(c))));
    return e;
  }
  const time = (iso) => iso ? new Date(iso).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '';
  const state = (s) => el('span', {class: 'state ' + s}, s);

  function timeline(rollout, node) {
    const start = Date.parse(rollout.startedAt);
    const end = Math.max(Date.parse(rollout.updatedAt), start + 1);
    const bar = el('div', {class: 'timeline', title: node.nodeId});
    node.steps.forEach((step, i) => {
      const from = Date.parse(step.at);
      const to = i + 1 < node.steps.length ? Date.parse(node.steps[i + 1].at) : end;
      const left = 100 * (from - start) / (end - start);
      const width = Math.max(1, 100 * (to - from) / (end - start));
      const seg = el('div', {class: 'seg ' + step.state, title: step.state + ' at ' + time(step.at) + (step.detail ? ' — ' + step.detail : '')});
      seg.style.left = left + '%';
      seg.style.width = Math.min(width, 100 - left) + '%';
      bar.append(seg);
    });
    return bar;
  }

  function renderRollouts(rollouts) {
    const box = document.getElementById('rollouts');
    box.replaceChildren();
    if (rollouts.length === 0) { box.append(el('p', {class: 'muted'}, 'no rollouts yet')); return; }
    rollouts.forEach((r) => {
      const secs = ((Date.parse(r.updatedAt) - Date.parse(r.startedAt)) / 1000).toFixed(1);
      box.append(el('h3', {}, 'rollout ', el('code', {}, r.rolloutId), ' ', state(r.state), ' ',
        el('span', {class: 'muted'}, r.nodesHealthy + '/' + r.nodesTotal + ' healthy · started ' + time(r.startedAt)
          + ' · ' + secs + ' s · by ' + (r.requestedBy || '?') + (r.statusReason ? ' · ' + r.statusReason : ''))));
      const body = el('tbody');
      r.nodes.forEach((n) => body.append(el('tr', {class: 'node-row', 'data-rollout': r.rolloutId, 'data-node': n.nodeId, 'data-state': n.state},
        el('td', {}, n.nodeId), el('td', {}, state(n.state)), el('td', {}, timeline(r, n)),
        el('td', {class: 'steps'}, n.steps.map((s) => s.state + ' ' + time(s.at).slice(11)).join(' → ')))));
      box.append(el('table', {class: 'rollout', 'data-rollout': r.rolloutId},
        el('thead', {}, el('tr', {}, el('th', {}, 'node'), el('th', {}, 'state'), el('th', {}, 'progress over time'), el('th', {}, 'steps'))), body));
    });
  }

  function renderNodes(nodes) {
    const body = document.querySelector('#node-health tbody');
    body.replaceChildren();
    nodes.forEach((n) => {
      const h = n.health;
      const checks = h ? h.checks.map((c) => el('div', {class: 'check', title: c.detail + (c.recommendation ? '\nfix: ' + c.recommendation : '')},
        state(c.result), ' ', c.name, c.path ? ' (' + c.path + ')' : '', ': ', el('span', {class: 'muted'}, c.detail),
        c.recommendation ? el('div', {class: 'muted'}, '→ ' + c.recommendation) : '')) : [];
      const probe = el('button', {type: 'button', class: 'probe'}, 'probe now');
      probe.addEventListener('click', () => call('probes/' + encodeURIComponent(n.nodeId), {method: 'POST'}).then(refresh));
      body.append(el('tr', {class: 'health-row', 'data-node': n.nodeId},
        el('td', {}, n.nodeId), el('td', {}, h ? state(h.healthy ? 'HEALTHY' : 'UNHEALTHY') : '—'),
        el('td', {}, h ? time(h.checkedAt) : ''), el('td', {}, h ? h.trigger : ''),
        el('td', {}, n.observed ? n.observed.tailnetAddresses.concat(n.observed.dnsNames).join(', ') : ''),
        el('td', {}, checks), el('td', {}, probe)));
    });
  }

  function renderChains(chains) {
    const summary = document.getElementById('chain-summary');
    summary.className = 'badge ' + (chains.intact ? 'ok' : 'bad');
    summary.textContent = 'audit: ' + chains.records + ' records, ' + chains.chains.length + ' chains, '
      + (chains.intact ? 'all intact' : chains.chains.filter((c) => !c.intact).length + ' broken');
    const body = document.querySelector('#chain-status tbody');
    body.replaceChildren();
    chains.chains.forEach((c) => body.append(el('tr', {class: 'chain-row', 'data-producer': c.producer, 'data-intact': String(c.intact)},
      el('td', {}, c.producer), el('td', {}, c.records), el('td', {}, state(c.intact ? 'PASS' : 'FAIL')),
      el('td', {class: c.intact ? '' : 'broken'}, c.intact ? '' : '#' + c.brokenAtSequence + ' (position ' + c.brokenAtPosition + '): ' + c.firstProblem))));
  }

  function renderAudit(page) {
    document.getElementById('audit-count').textContent = page.total + ' matching record(s)' + (page.total > page.returned ? ', latest ' + page.returned + ' shown' : '');
    const body = document.querySelector('#audit-results tbody');
    body.replaceChildren();
    page.records.slice().reverse().forEach((r) => body.append(el('tr', {class: 'audit-row'},
      el('td', {}, time(r.occurredAt)), el('td', {}, r.producer + '#' + r.sequence), el('td', {}, r.actor),
      el('td', {}, r.action), el('td', {}, r.rolloutId), el('td', {}, r.nodeId), el('td', {}, r.outcome),
      el('td', {class: 'muted'}, Object.entries(r.details).map(([k, v]) => k + '=' + v).join(' ')))));
  }

  function search(event) {
    if (event) { event.preventDefault(); }
    const params = new URLSearchParams();
    new FormData(document.getElementById('audit-search')).forEach((v, k) => { if (String(v).trim()) { params.set(k, String(v).trim()); } });
    params.set('limit', '200');
    const error = document.getElementById('audit-error');
    return api('audit/records?' + params).then((page) => { error.textContent = ''; renderAudit(page); })
      .catch((e) => { error.textContent = e.message; });
  }

  function refresh() {
    return Promise.all([
      api('rollouts').then(renderRollouts),
      api('nodes').then(renderNodes),
      api('audit/chains').then(renderChains),
    ]).then(() => { document.getElementById('updated').textContent = 'updated ' + time(new Date().toISOString()); })
      .catch((e) => { document.getElementById('updated').textContent = 'update failed: ' + e.message; });
  }

  function exportLog() {
    return call('audit/export', {}).then(async (r) => {
      if (!r.ok) { throw new Error((await r.json()).error || r.statusText); }
      const link = el('a', {href: URL.createObjectURL(await r.blob()), download: 'audit-export.jsonl'});
      document.body.append(link);
      link.click();
      link.remove();
    }).catch((e) => { document.getElementById('audit-error').textContent = e.message; });
  }

  document.getElementById('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = document.getElementById('token');
    if (input.value.trim()) { sessionStorage.setItem(TOKEN_KEY, input.value.trim()); }
    input.value = '';
    document.getElementById('token-state').textContent = 'token set for this tab';
    refresh().then(() => search());
  });
  document.getElementById('export-link').addEventListener('click', exportLog);
  document.getElementById('audit-search').addEventListener('submit', search);
  refresh().then(() => search());
  setInterval(refresh, 3000);
})();
