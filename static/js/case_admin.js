/*
 * Case admin pages: small conveniences that the pages work without.
 * A "check all" box (data-check-all="NAME") ticks or clears every checkbox
 * whose name ends with NAME inside the same table; it is hidden until this
 * script shows it, so a page without scripts offers nothing that does not work.
 */
(function () {
  'use strict';

  function wire(master) {
    var table = master.closest('table');
    var suffix = master.dataset.checkAll;
    if (!table || !suffix) return;
    var boxes = Array.prototype.filter.call(
      table.querySelectorAll('input[type="checkbox"]'),
      function (box) { return box !== master && box.name.slice(-suffix.length) === suffix; }
    );
    function sync() {
      master.checked = boxes.length > 0 && boxes.every(function (b) { return b.checked; });
    }
    master.addEventListener('change', function () {
      boxes.forEach(function (box) { box.checked = master.checked; });
    });
    boxes.forEach(function (box) { box.addEventListener('change', sync); });
    sync();
    var holder = master.closest('[hidden]');
    if (holder) holder.hidden = false;
  }

  function start() {
    document.querySelectorAll('input[data-check-all]').forEach(wire);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
