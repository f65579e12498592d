// Organizer pages: a progress bar while a print run's PDF is made. The form is sent as usual (the browser saves the
// PDF as a download, or shows the page with the problems); this only asks the server how far the run has got.
(function () {
  'use strict';
  var box = document.getElementById('print-progress');
  if (!box || !window.fetch) return;
  var text = box.querySelector('.print-progress-text');
  var bar = box.querySelector('progress');
  var timer = null;
  var number = new Intl.NumberFormat();

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
    show('Sending…', 0, 0);
    timer = setInterval(function () {
      fetch('/organize/print-jobs/' + encodeURIComponent(job), { headers: { accept: 'application/json' }, credentials: 'same-origin' })
        .then(function (response) {
          if (response.status === 404) {
            // Not started yet: the sheet is still being sent or checked.
            if (Date.now() - started > 120000) {
              clearInterval(timer);
              show('No news of the print run. If no PDF arrived, please send the form again.', 0, 0);
            }
            return null;
          }
          return response.json();
        })
        .then(function (run) {
          if (!run) return;
          if (run.state === 'running') {
            show('Making the letters: ' + number.format(run.done) + ' of ' + number.format(run.total) + '. The PDF downloads as it is made.', run.done, run.total);
          } else if (run.state === 'done') {
            clearInterval(timer);
            show('Done: ' + number.format(run.total) + ' letters. Your browser has saved the PDF.', run.total, run.total);
          } else {
            clearInterval(timer);
            show('The print run stopped before its end, and was not counted. Please send the form again.', run.done, run.total);
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
