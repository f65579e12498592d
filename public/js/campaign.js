// Progressive enhancement of the letter form and the next-steps page. Everything here also works without JavaScript, through the server:
// the "Tick my state's office" button, the letter count, the length limit. Nothing typed leaves the page from here.
(function () {
  'use strict';
  // A link to something folded away ("Why this matters") unfolds it, in browsers that do not do so themselves.
  function unfoldTarget() {
    var target = location.hash && document.getElementById(location.hash.slice(1));
    var folded = target && target.closest('details');
    if (folded) folded.open = true;
  }
  window.addEventListener('hashchange', unfoldTarget);
  unfoldTarget();

  var form = document.querySelector('[data-letter-form]');
  if (!form) return;

  // The proof of work (server/guards/proof-of-work.ts): while the supporter writes, ALTCHA's worker (served from this
  // site) finds the number the server's challenge asks for, and the answer goes with the form. It never holds the
  // form up: a form sent before it is done, or in a browser that cannot do it, is still made into letters.
  var proofField = form.querySelector('[data-proof-of-work]');
  if (proofField && window.Worker && window.crypto && crypto.subtle && window.fetch) {
    fetch(proofField.getAttribute('data-proof-of-work'), { headers: { accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (challenge) {
        if (!challenge) return;
        var worker = new Worker(proofField.getAttribute('data-worker'));
        worker.onmessage = function (event) {
          worker.terminate();
          var solution = event.data;
          if (solution && typeof solution.counter === 'number') proofField.value = btoa(JSON.stringify({ challenge: challenge, solution: solution }));
        };
        worker.onerror = function () { worker.terminate(); };
        worker.postMessage({ type: 'work', challenge: challenge, counterMode: 'uint32', counterStart: 0, counterStep: 1, timeout: 120000 });
      })
      .catch(function () {});
  }

  var officeBoxes = Array.prototype.slice.call(form.querySelectorAll('input[name="offices"]'));

  // The words this script says, in the page's language (data-words, from the server's messages). A word with plural
  // forms is an object by Intl.PluralRules category; {n} and {name} are filled in here.
  var pageWords = JSON.parse(form.getAttribute('data-words') || '{}');
  var plurals = window.Intl && Intl.PluralRules ? new Intl.PluralRules(document.documentElement.lang) : null;
  function say(name, values) {
    var word = pageWords[name] || '';
    if (typeof word === 'object') word = word[plurals ? plurals.select(values.n) : 'other'] || word.other || '';
    return word.replace(/\{(\w+)\}/g, function (all, key) { return values && key in values ? String(values[key]) : all; });
  }
  function listOf(items) {
    return window.Intl && Intl.ListFormat ? new Intl.ListFormat(document.documentElement.lang, { type: 'conjunction' }).format(items) : items.join(', ');
  }

  // "You will get 3 letters": kept up to date as offices are ticked (the words come from the server, in data-*).
  var letterCount = form.querySelector('[data-letter-count]');
  function sayLetterCount() {
    if (!letterCount) return;
    var n = officeBoxes.filter(function (box) { return box.checked; }).length;
    letterCount.textContent = n === 0 ? letterCount.getAttribute('data-none') : say('letterCount', { n: n });
  }
  officeBoxes.forEach(function (box) { box.addEventListener('change', sayLetterCount); });

  var groups = Array.prototype.slice.call(form.querySelectorAll('[data-office-group]'));
  function visibleBoxes() {
    return officeBoxes.filter(function (box) { return !box.closest('[data-office-group]').hidden; });
  }

  // "Where do you live?" and "Write to another country's offices instead": the country's offices at once, all ticked,
  // its regions in the picker and its paper. A country with no office in the page asks the server, as without a script.
  var countrySelect = form.querySelector('[data-country]');
  var officesInSelect = form.querySelector('[data-offices-in]');
  var pickCountry = form.querySelector('[data-pick-country]');
  var paperTouched = false;
  Array.prototype.forEach.call(form.querySelectorAll('input[name="paperSize"]'), function (radio) {
    radio.addEventListener('change', function () { paperTouched = true; });
  });
  function switchCountry() {
    var code = (officesInSelect && officesInSelect.value) || countrySelect.value;
    var group = groups.filter(function (g) { return g.getAttribute('data-office-group') === code; })[0];
    var noOfficeShown = form.querySelector('[data-no-office]');
    if (!group || noOfficeShown) {
      if (pickCountry) pickCountry.click();
      return;
    }
    groups.forEach(function (g) {
      var shown = g === group;
      g.hidden = !shown;
      Array.prototype.forEach.call(g.querySelectorAll('input[name="offices"]'), function (box) { box.checked = shown; });
    });
    fillRegions(JSON.parse(group.getAttribute('data-regions') || '[]'), group);
    if (!paperTouched) {
      var letterCountries = (countrySelect.getAttribute('data-letter-countries') || '').split(' ');
      var paper = letterCountries.indexOf(countrySelect.value) !== -1 ? 'letter' : 'a4';
      var radio = form.querySelector('input[name="paperSize"][value="' + paper + '"]');
      if (radio) radio.checked = true;
    }
    sayLetterCount();
    var status = document.getElementById('submit-status');
    var named = officesInSelect && officesInSelect.value ? officesInSelect : countrySelect;
    if (status) status.textContent = say('showing', { country: named.options[named.selectedIndex].text });
  }
  if (countrySelect) countrySelect.addEventListener('change', switchCountry);
  if (officesInSelect) officesInSelect.addEventListener('change', switchCountry);

  function regionSelect() { return form.querySelector('#region'); }
  function fillRegions(regions, group) {
    var picker = form.querySelector('[data-region-picker]');
    var select = regionSelect();
    if (!picker || !select) return;
    picker.hidden = regions.length === 0;
    var find = picker.querySelector('[data-region-find]');
    var tick = picker.querySelector('[data-region-tick]');
    if (find) find.textContent = group.getAttribute('data-region-find');
    if (tick) tick.textContent = group.getAttribute('data-region-tick');
    while (select.options.length > 1) select.remove(1);
    select.options[0].text = group.getAttribute('data-region-choose');
    regions.forEach(function (r) { select.add(new Option(r.name, r.code)); });
  }

  // The state or province picker ticks its offices, and only them, at once instead of a round trip to the server.
  // When the region's own office has no checked address, the server explains the choice: it is asked instead.
  var regionButton = form.querySelector('button[value="pick-region"]');
  if (regionButton) {
    regionButton.addEventListener('click', function (event) {
      var select = regionSelect();
      var code = select && select.value;
      if (!code) return; // let the server say "choose your state"
      var boxes = visibleBoxes();
      var serving = boxes.filter(function (box) { return (box.getAttribute('data-districts') || '').split(' ').indexOf(code) !== -1; });
      if (serving.length === 0) return; // the server says why it ticks the embassy
      event.preventDefault();
      var names = [];
      boxes.forEach(function (box) {
        var serves = serving.indexOf(box) !== -1;
        box.checked = serves;
        if (serves) names.push(box.parentNode.querySelector('.office-name').textContent);
      });
      sayLetterCount();
      var status = document.getElementById('submit-status');
      if (status) status.textContent = say('ticked', { offices: listOf(names) });
    });
  }

  // Choosing the letter's language shows the letter in it: the page comes back with everything typed kept.
  var languageSelect = form.querySelector('[data-letter-language]');
  var pickLanguage = form.querySelector('[data-pick-language]');
  if (languageSelect && pickLanguage) {
    pickLanguage.hidden = true;
    languageSelect.addEventListener('change', function () { pickLanguage.click(); });
  }

  // Characters left in "your own words".
  var counter = form.querySelector('[data-counter-for]');
  var textarea = counter && document.getElementById(counter.getAttribute('data-counter-for'));
  if (counter && textarea) {
    var max = parseInt(textarea.getAttribute('maxlength'), 10);
    var update = function () {
      var left = max - textarea.value.length;
      counter.textContent = left >= 0 ? say('charactersLeft', { n: left }) : say('charactersOver', { n: -left });
      counter.classList.toggle('over', left < 0);
    };
    textarea.addEventListener('input', update);
    update();
  }

  // The language switcher sends the form to the same page in the new language, instead of leaving what was typed.
  var switching = false;
  Array.prototype.forEach.call(document.querySelectorAll('.language-switch a[data-form-action]'), function (link) {
    link.addEventListener('click', function (event) {
      if (link.getAttribute('aria-current')) return;
      event.preventDefault();
      switching = true;
      var action = document.createElement('input');
      action.type = 'hidden';
      action.name = 'action';
      action.value = 'switch-language';
      form.appendChild(action);
      // Not form.action: the form's controls named "action" shadow that property.
      form.setAttribute('action', link.getAttribute('data-form-action'));
      form.submit();
    });
  });

  // Feedback while the letters are made; the next page follows.
  form.addEventListener('submit', function (event) {
    var submitter = event.submitter;
    if (switching || (submitter && submitter.value !== 'make')) return;
    var button = form.querySelector('button.primary');
    var status = document.getElementById('submit-status');
    if (status) status.textContent = say('making');
    if (button) button.setAttribute('aria-busy', 'true');
  });

  var summary = document.querySelector('.error-summary');
  if (summary) {
    summary.focus();
    // A message's link moves focus to its field (for a group of boxes, to its first box), not only the view.
    summary.addEventListener('click', function (event) {
      var link = event.target.closest('a[href^="#"]');
      if (!link) return;
      var target = document.getElementById(link.getAttribute('href').slice(1));
      if (!target) return;
      var shown = function (selector) {
        return Array.prototype.filter.call(target.querySelectorAll(selector), function (el) { return !el.closest('[hidden]'); })[0];
      };
      var field = target.matches('input, select, textarea')
        ? target
        : shown('input[type="checkbox"], input[type="radio"]') || shown('input:not([type="hidden"]), select, textarea');
      if (!field) return;
      event.preventDefault();
      field.focus();
      (target.matches('fieldset') ? target : field).scrollIntoView({ block: 'center' });
    });
  }
})();

// The next-steps page. Without JavaScript every button posts the page and the server draws it again with the result;
// with it, tallies and the email go by fetch and the page stays where it is. Nothing is stored in the browser either.
(function () {
  'use strict';
  var page = document.querySelector('[data-next-steps]');
  // The words this script says, in the page's language (data-words, from the server's messages).
  var words = JSON.parse((page && page.getAttribute('data-words')) || '{}');
  function word(name) { return words[name] || ''; }
  if (!page) return;
  var status = document.getElementById('status');
  var countedFields = Array.prototype.slice.call(document.querySelectorAll('[data-counted]'));

  function say(message, tone) {
    if (!status) return;
    status.textContent = '';
    var p = document.createElement('p');
    p.className = 'status status-' + tone;
    p.textContent = message;
    status.appendChild(p);
  }

  function remember(value) {
    countedFields.forEach(function (field) {
      var list = field.value ? field.value.split(' ') : [];
      if (list.indexOf(value) === -1) list.push(value);
      field.value = list.join(' ');
    });
  }

  function post(url, formData) {
    return fetch(url, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(formData),
      credentials: 'same-origin',
    }).then(function (response) {
      return response.json().then(function (data) {
        return { ok: response.ok, data: data };
      });
    });
  }

  // Copy buttons appear only where the clipboard can be written; the text stays selectable either way.
  if (navigator.clipboard && window.isSecureContext) {
    Array.prototype.forEach.call(document.querySelectorAll('[data-copy]'), function (button) {
      button.hidden = false;
      button.addEventListener('click', function () {
        var source = document.getElementById(button.getAttribute('data-copy'));
        var text = 'value' in source ? source.value : source.textContent;
        navigator.clipboard.writeText(text).then(
          function () { say(word('copied'), 'success'); },
          function () { say(word('copyFailed'), 'warning'); },
        );
      });
    });
  }

  page.addEventListener('submit', function (event) {
    var button = event.submitter;
    if (!button) return;
    if (button.hasAttribute('data-download')) {
      var note = button.closest('section').querySelector('[data-download-status]') || document.querySelector('[data-download-status]');
      if (note) note.textContent = word('makingPdf');
      return; // the browser downloads the file and the page stays
    }
    if (!button.hasAttribute('data-tally')) return;
    event.preventDefault();
    if (button.disabled) return;
    // Read before disabling: a disabled button's name and value are left out of the form data.
    var data = new FormData(page, button);
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    post(button.getAttribute('formaction'), data)
      .then(function (result) {
        var outcome = result.data && result.data.outcome;
        say(result.data && result.data.message ? result.data.message : word('failed'), outcome === 'not-recorded' || !result.ok ? 'warning' : 'success');
        if (outcome === 'counted' || outcome === 'already-counted') {
          button.textContent = button.getAttribute('data-done-label') + ' ✓';
          button.classList.add('done');
          button.setAttribute('aria-disabled', 'true');
          remember(button.value);
        } else {
          button.disabled = false;
        }
      })
      .catch(function () {
        button.disabled = false;
        say(word('unreachable'), 'warning');
      })
      .then(function () { button.removeAttribute('aria-busy'); });
  });

  var emailForm = document.querySelector('[data-email-me]');
  if (emailForm) {
    emailForm.addEventListener('submit', function (event) {
      event.preventDefault();
      var button = emailForm.querySelector('button[type="submit"]');
      var note = emailForm.querySelector('[data-email-status]');
      if (button.disabled) return;
      button.disabled = true;
      button.setAttribute('aria-busy', 'true');
      if (note) note.textContent = word('sending');
      post(emailForm.getAttribute('action'), new FormData(emailForm))
        .then(function (result) {
          var outcome = result.data && result.data.outcome;
          if (note) note.textContent = '';
          say(result.data && result.data.message ? result.data.message : word('failed'), outcome === 'sent' || outcome === 'already-sent' ? 'success' : 'error');
          if (outcome === 'sent' || outcome === 'already-sent') {
            remember('email');
            emailForm.querySelector('input[type="email"]').value = '';
          } else {
            button.disabled = false;
          }
        })
        .catch(function () {
          button.disabled = false;
          if (note) note.textContent = '';
          say(word('unreachableEmail'), 'error');
        })
        .then(function () { button.removeAttribute('aria-busy'); });
    });
  }

  if (status && status.textContent.trim()) status.focus();
})();
