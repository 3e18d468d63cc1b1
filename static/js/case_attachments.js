/*
 * 案件附件: drag and drop and a progress bar for the case page's upload form.
 *
 * Without this file the form is an ordinary multipart post and works as such.
 * With it, a file dropped on the zone is put into the form's file field, and
 * the form is sent with XMLHttpRequest so that the upload's progress can be
 * shown; the server answers such a post in JSON (the message, and the page to
 * go to next). The server checks the type, size and permissions either way.
 * Its messages come from the form's data attributes (translated there).
 */
(function () {
  'use strict';

  function setup(form) {
    var zone = form.querySelector('[data-drop-zone]');
    var input = form.querySelector('input[type="file"]');
    var progress = form.querySelector('[data-progress]');
    var status = form.querySelector('[data-status]');
    var hint = form.querySelector('[data-drop-hint]');
    if (!zone || !input || !window.FormData || !window.XMLHttpRequest) {
      return;
    }
    if (hint) {
      hint.hidden = false;
    }

    function say(text) {
      status.textContent = text;
    }

    ['dragenter', 'dragover'].forEach(function (name) {
      zone.addEventListener(name, function (event) {
        event.preventDefault();
        zone.classList.add('attachment-drop--over');
      });
    });
    ['dragleave', 'drop'].forEach(function (name) {
      zone.addEventListener(name, function (event) {
        event.preventDefault();
        zone.classList.remove('attachment-drop--over');
      });
    });
    zone.addEventListener('drop', function (event) {
      var files = event.dataTransfer && event.dataTransfer.files;
      if (!files || !files.length) {
        return;
      }
      if (files.length > 1) {
        say(form.dataset.oneFile);
        return;
      }
      input.files = files;
      say(files[0].name);
    });

    form.addEventListener('submit', function (event) {
      if (!input.files || !input.files.length) {
        return; // the server says what is missing
      }
      event.preventDefault();
      var request = new XMLHttpRequest();
      request.open('POST', form.action);
      request.setRequestHeader('X-Requested-With', 'XMLHttpRequest');
      request.setRequestHeader('Accept', 'application/json');
      progress.hidden = false;
      progress.value = 0;
      request.upload.addEventListener('progress', function (e) {
        if (e.lengthComputable) {
          progress.value = Math.round((e.loaded / e.total) * 100);
          say(progress.value + '%');
        }
      });
      request.addEventListener('load', function () {
        var answer = {};
        try {
          answer = JSON.parse(request.responseText);
        } catch (error) {
          answer = {};
        }
        if (request.status >= 200 && request.status < 300 && answer.redirect) {
          window.location.assign(answer.redirect);
          return;
        }
        progress.hidden = true;
        say(answer.message || form.dataset.failed);
      });
      request.addEventListener('error', function () {
        progress.hidden = true;
        say(form.dataset.network);
      });
      request.send(new FormData(form));
    });
  }

  document.querySelectorAll('form[data-attachment-upload]').forEach(setup);
})();
