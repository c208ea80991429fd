// Markdown editor settings for the Wagtail admin. EasyMDE's built-in preview renders
// Markdown client-side without sanitising it, so a hostile draft could run script in an
// editor's browser: the preview buttons and shortcuts are removed, and any preview that is
// still reached shows plain text. Wagtail's own Preview shows the sanitised page.
(function () {
  "use strict";
  window.wagtailMarkdown = window.wagtailMarkdown || {};
  var escape = function (text) {
    var div = document.createElement("div");
    div.textContent = text;
    return "<pre>" + div.innerHTML + "</pre>";
  };
  window.wagtailMarkdown.options = Object.assign(window.wagtailMarkdown.options || {}, {
    toolbar: [
      "bold", "italic", "heading", "|", "quote", "code", "unordered-list", "ordered-list",
      "|", "link", "table", "horizontal-rule", "|", "guide",
    ],
    shortcuts: { togglePreview: null, toggleSideBySide: null, toggleFullScreen: null },
    previewRender: escape,
    spellChecker: false,
    status: ["lines", "words"],
  });
})();
