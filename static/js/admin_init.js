/*
 * Starts the Wagtail admin widgets that Wagtail itself starts with inline
 * scripts, which our Content-Security-Policy forbids. portal/admin_init.py
 * has each of them write a JSON block instead
 *   <script type="application/json" data-wagtail-init="PageChooser">["id_x", {...}]</script>
 * and this file makes the same call: for blocks as the page is parsed, and for
 * blocks added later (an inline panel's new row, a modal's content).
 */
(function () {
  'use strict';

  var CONSTRUCTORS = [
    'Chooser',
    'PageChooser',
    'SnippetChooser',
    'ImageChooser',
    'DocumentChooser',
    'InlinePanel',
    'MultipleChooserPanel',
  ];
  var FUNCTIONS = [
    'createTaskChooser',
    'initDateChooser',
    'initTimeChooser',
    'initDateTimeChooser',
  ];
  var SELECTOR = 'script[type="application/json"][data-wagtail-init]';
  var started = new WeakSet();

  function start(block) {
    if (started.has(block)) return;
    started.add(block);
    var name = block.dataset.wagtailInit;
    try {
      var args = JSON.parse(block.textContent);
      if (CONSTRUCTORS.indexOf(name) !== -1) {
        var Constructor = window[name];
        new (Function.prototype.bind.apply(Constructor, [null].concat(args)))();
      } else if (FUNCTIONS.indexOf(name) !== -1) {
        window[name].apply(window, args);
      }
    } catch (error) {
      // One broken widget must not stop the others.
      console.error('admin_init: could not start ' + name, error);
    }
  }

  function startWithin(node) {
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    if (node.matches(SELECTOR)) start(node);
    node.querySelectorAll(SELECTOR).forEach(start);
  }

  new MutationObserver(function (records) {
    records.forEach(function (record) {
      record.addedNodes.forEach(startWithin);
    });
  }).observe(document.documentElement, { childList: true, subtree: true });

  document.addEventListener('DOMContentLoaded', function () {
    startWithin(document.documentElement);
  });
})();
