/*
 * Two libraries that Wagtail bundles for its image screens do something the
 * Content-Security-Policy refuses, and each refusal is reported as a violation.
 * templates/wagtailimages/ loads this file after them and before the screen's
 * own script starts them (on DOM ready), and gives each the answer it wanted.
 */
(function () {
  'use strict';

  // Jcrop (the focal point editor) asks whether touch events exist by writing
  // ontouchstart="return;" onto a div when the property is missing: an inline
  // event handler, refused by script-src 'self'. The property alone gives the
  // same answer in every browser the admin supports, and Jcrop skips its own
  // test when touchSupport is set.
  var jQuery = window.jQuery;
  if (jQuery && jQuery.Jcrop) {
    jQuery.Jcrop.defaults.touchSupport =
      'ontouchstart' in document.createElement('div');
  }

  // load-image (the thumbnails on the multiple upload page) shows a chosen
  // file through a blob: URL, which img-src 'self' data: refuses, so no
  // thumbnail appeared. Without an object URL it reads the file into a data:
  // URL instead, which the policy allows.
  if (window.loadImage) {
    window.loadImage.createObjectURL = function () {
      return false;
    };
  }
})();
