// Progressive enhancement of the letter form. Everything here also works without JavaScript, through the server:
// the "Tick my state's office" button, the recipients radio, the length limit. No data leaves the page from here.
(function () {
  'use strict';
  var form = document.querySelector('[data-letter-form]');
  if (!form) return;

  var chosenRadio = form.querySelector('#recipients-chosen');
  var allRadio = form.querySelector('#recipients-all');
  var officeBoxes = Array.prototype.slice.call(form.querySelectorAll('input[name="offices"]'));

  // Ticking an office means "only the ones I tick"; choosing "all" ticks every box so the page says what happens.
  officeBoxes.forEach(function (box) {
    box.addEventListener('change', function () {
      if (box.checked && chosenRadio) chosenRadio.checked = true;
    });
  });
  if (allRadio) {
    allRadio.addEventListener('change', function () {
      if (allRadio.checked) officeBoxes.forEach(function (box) { box.checked = true; });
    });
  }

  // The state picker ticks its offices at once instead of a round trip to the server.
  var stateSelect = form.querySelector('#state');
  var stateButton = form.querySelector('button[value="pick-state"]');
  if (stateSelect && stateButton) {
    stateButton.addEventListener('click', function (event) {
      var code = stateSelect.value;
      if (!code) return; // let the server say "choose your state"
      event.preventDefault();
      var names = [];
      officeBoxes.forEach(function (box) {
        var serves = (box.getAttribute('data-districts') || '').split(' ').indexOf(code) !== -1;
        if (serves) {
          box.checked = true;
          names.push(box.parentNode.querySelector('.office-name').textContent);
        }
      });
      if (chosenRadio) chosenRadio.checked = true;
      var status = document.getElementById('submit-status');
      if (status) status.textContent = 'Ticked: ' + names.join(' and ') + '.';
    });
  }

  // Characters left in "your own words".
  var counter = form.querySelector('[data-counter-for]');
  var textarea = counter && document.getElementById(counter.getAttribute('data-counter-for'));
  if (counter && textarea) {
    var max = parseInt(textarea.getAttribute('maxlength'), 10);
    var update = function () {
      var left = max - textarea.value.length;
      counter.textContent = left >= 0 ? left + ' characters left.' : -left + ' characters too many.';
      counter.classList.toggle('over', left < 0);
    };
    textarea.addEventListener('input', update);
    update();
  }

  // Feedback while the PDF is made: the page stays, the download arrives as a file.
  form.addEventListener('submit', function (event) {
    var submitter = event.submitter;
    if (submitter && submitter.value === 'pick-state') return;
    var button = form.querySelector('button.primary');
    var status = document.getElementById('submit-status');
    if (status) status.textContent = 'Making your letters… the PDF will download in a moment.';
    if (button) {
      button.setAttribute('aria-busy', 'true');
      setTimeout(function () {
        button.removeAttribute('aria-busy');
        if (status) status.textContent = 'Your PDF should have downloaded. Print it, sign each letter and post it.';
      }, 4000);
    }
  });

  var summary = document.getElementById('error-summary');
  if (summary) summary.focus();
})();
