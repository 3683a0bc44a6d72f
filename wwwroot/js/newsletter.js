// Refreshes the progress bar of a newsletter being sent (/redaktion/nyhedsbrev/{id}). The page shows the same
// counts without JavaScript; this only saves the editor from reloading.
(function () {
  'use strict';
  var section = document.querySelector('[data-progress-url]');
  if (!section || section.getAttribute('data-sending') !== 'true') {
    return;
  }

  var url = section.getAttribute('data-progress-url');
  var bar = section.querySelector('progress');

  function show(progress) {
    bar.max = Math.max(1, progress.total);
    bar.value = progress.done;
    bar.textContent = progress.done + ' af ' + progress.total;
    ['done', 'total', 'queued', 'sent', 'failed', 'waiting', 'status'].forEach(function (name) {
      section.querySelectorAll('[data-field="' + name + '"]').forEach(function (element) {
        element.textContent = String(progress[name]);
      });
    });
  }

  function poll() {
    fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (progress) {
        if (!progress) {
          return;
        }

        show(progress);
        if (progress.sending) {
          window.setTimeout(poll, 2000);
        }
      })
      .catch(function () { window.setTimeout(poll, 10000); });
  }

  window.setTimeout(poll, 2000);
})();
