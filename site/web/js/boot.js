// Start-up guard, a classic script: it runs where the page's modules may
// not (a page opened from disk, a frame whose host blocks them), and says
// why instead of leaving "Loading engine…" on screen forever. The page's
// main module sets window.__ingestStarted as soon as it runs.
(function () {
  'use strict';
  function say(text, link) {
    if (window.__ingestStarted) return;
    var snapshot = document.querySelector('main > .snapshot'); // a return visit's first paint (js/snapshot.js): stale now
    if (snapshot) snapshot.parentNode.removeChild(snapshot);
    var status = document.querySelector('[data-testid="status"]');
    if (!status) return;
    status.textContent = text;
    if (link) {
      var a = document.createElement('a');
      a.href = link;
      a.target = '_blank';
      a.rel = 'noopener';
      a.textContent = 'Open the playground in its own tab.';
      status.append(' ', a);
    }
    status.className = 'status bad';
    status.setAttribute('data-problem', 'start');
  }
  var status = document.querySelector('[data-testid="status"]');
  if (status) status.textContent = 'Loading engine…';
  // A tab chosen before the page's script has taken the tabs over is
  // shown as chosen, and remembered for it (js/app.js); a return visit's
  // copy of the first result (js/snapshot.js), another tab's, goes.
  var nav = document.querySelector('.nav');
  if (nav) {
    nav.addEventListener('click', function (e) {
      var tab = e.target.closest('[role="tab"]');
      if (window.__ingestTabsLive || !tab) return;
      var copy = document.querySelector('main > .snapshot');
      if (copy && tab.getAttribute('aria-selected') === 'true') return; // the copy's own tab: it stays
      window.__ingestEarlyTab = (tab.getAttribute('data-testid') || '').replace(/^nav-/, '');
      var tabs = nav.querySelectorAll('[role="tab"]');
      for (var i = 0; i < tabs.length; i++) tabs[i].setAttribute('aria-selected', String(tabs[i] === tab));
      if (copy) copy.parentNode.removeChild(copy);
    });
  }
  var single = !!document.getElementById('ingest-engine'); // the single-file page runs anywhere
  if (location.protocol === 'file:' && !single) {
    say(
      'This copy of the playground was opened from disk (file://), where browsers do not run its scripts. Open ingestion-playground.html instead — the single-file version beside this folder, which works from disk — or serve this folder: run "python3 -m http.server" in it and open http://localhost:8000/.',
    );
    return;
  }
  var own = location.protocol === 'http:' || location.protocol === 'https:' ? location.href : '';
  window.addEventListener(
    'error',
    function (e) {
      var t = e.target;
      if (t && t.tagName === 'SCRIPT') {
        say(
          "The playground's scripts could not be loaded here (" + (t.src || 'a script') + '). If this page is embedded, the site around it may block them.',
          own,
        );
      }
    },
    true,
  );
  setTimeout(function () {
    say('The playground has not started after 15 seconds: its scripts did not run here. If this page is embedded, the site around it may block them.', own);
  }, 15000);
})();
