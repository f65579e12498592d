// Organizer pages: a progress bar while a print run's PDF is made. The form is sent as usual (the browser saves the
// PDF as a download, or shows the page with the problems); this only asks the server how far the run has got.
(function () {
  'use strict';
  var box = document.getElementById('print-progress');
  if (!box || !window.fetch) return;
  var text = box.querySelector('.print-progress-text');
  var bar = box.querySelector('progress');
  var timer = null;
  var lang = document.documentElement.lang;
  var number = new Intl.NumberFormat(lang);
  // The words, in the page's language (data-words, from the server's messages): {name} is filled in here, and "done"
  // has a form per Intl.PluralRules category.
  var words = JSON.parse(box.getAttribute('data-words') || '{}');
  var plurals = window.Intl && Intl.PluralRules ? new Intl.PluralRules(lang) : null;
  function say(name, values) {
    var word = words[name] || '';
    if (typeof word === 'object') word = word[plurals ? plurals.select(values.n) : 'other'] || word.other || '';
    return word.replace(/\{(\w+)\}/g, function (all, key) { return values && key in values ? String(values[key]) : all; });
  }

  function show(message, done, total) {
    box.hidden = false;
    text.textContent = message;
    if (total > 0) {
      bar.max = total;
      bar.value = done;
    } else {
      bar.removeAttribute('value');
    }
  }

  function follow(job) {
    var started = Date.now();
    clearInterval(timer);
    show(say('sending'), 0, 0);
    timer = setInterval(function () {
      fetch('/organize/print-jobs/' + encodeURIComponent(job), { headers: { accept: 'application/json' }, credentials: 'same-origin' })
        .then(function (response) {
          if (response.status === 404) {
            // Not started yet: the sheet is still being sent or checked.
            if (Date.now() - started > 120000) {
              clearInterval(timer);
              show(say('noNews'), 0, 0);
            }
            return null;
          }
          return response.json();
        })
        .then(function (run) {
          if (!run) return;
          if (run.state === 'running') {
            show(say('making', { done: number.format(run.done), total: number.format(run.total) }), run.done, run.total);
          } else if (run.state === 'done') {
            clearInterval(timer);
            show(say('done', { n: run.total, formatted: number.format(run.total) }), run.total, run.total);
          } else {
            clearInterval(timer);
            show(say('stopped'), run.done, run.total);
          }
        })
        .catch(function () { /* a missed poll: the next one tries again */ });
    }, 700);
  }

  Array.prototype.forEach.call(document.querySelectorAll('form[data-print-run]'), function (form) {
    form.addEventListener('submit', function () {
      var job = form.querySelector('input[name="job"]');
      if (job && job.value) follow(job.value);
    });
  });
})();
